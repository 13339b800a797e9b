import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Notice } from './pane';

export function NoticeBar({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  const problem = notice.kind === 'error' ? notice.problem : undefined;
  return (
    <MessageBar intent={notice.kind} data-notice={notice.kind} style={{ marginBlock: 8 }}>
      <MessageBarBody>
        <MessageBarTitle>{notice.message}</MessageBarTitle>
        {problem && (
          <>
            {' '}
            {problem.title}
            {problem.detail && `：${problem.detail}`}
            {problem.errors && (
              <ul style={{ margin: '4px 0', paddingInlineStart: 18 }}>
                {problem.errors.slice(0, 10).map((e, i) => (
                  <li key={i}>
                    {[e.sheet, e.row && `#${e.row}`, e.column, e.field].filter(Boolean).join(' ')} {e.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
