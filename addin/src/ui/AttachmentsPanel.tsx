// The files of one record (or one organisation's year): thumbnails of photos and scans, their
// name, kind, size and uploader, to download or delete; and, when a record is named, a file input
// to attach one. The pane (the selected row's commitment), the workspace and the desk share it.
import { Button, Caption1, Field, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ATTACHMENT_KIND_LABELS, ATTACHMENT_TYPES, type Attachment, type AttachmentKind } from '../../../core/attachments';
import type { LocalText } from '../../../core/types';
import type { AttachmentTarget } from '../api';
import { fillIn } from '../i18n';
import { useAction, usePane } from './pane';
import { FileDrop, saveAs } from './web/FileDrop';

export const ATTACHMENT_WORDS = {
  choose: { zh: '点击选择或拖入文件', en: 'Click to choose a file, or drop it here' },
  types: { zh: 'JPEG、PNG、WebP 照片或 PDF 扫描件（默认不超过 10 MB）', en: 'JPEG, PNG or WebP photos, or PDF scans (10 MB at most by default)' },
  kind: { zh: '材料类别', en: 'Kind' },
  none: { zh: '还没有附件。', en: 'No attachments yet.' },
  uploaded: { zh: '已上传“{name}”。', en: 'Uploaded “{name}”.' },
  already: { zh: '“{name}”已上传过，未重复保存。', en: '“{name}” was already there; nothing was stored twice.' },
  deleted: { zh: '已删除“{name}”。', en: 'Deleted “{name}”.' },
  confirmDelete: { zh: '删除“{name}”？删除会记入审计日志。', en: 'Delete “{name}”? The deletion is kept in the audit trail.' },
  download: { zh: '下载', en: 'Download' },
  remove: { zh: '删除', en: 'Delete' },
  by: { zh: '{who} 于 {day} 上传', en: 'uploaded by {who} on {day}' },
} satisfies Record<string, LocalText>;

const ACCEPT = ATTACHMENT_TYPES.join(',');

/** A size as people read it: 820 KB, 2.4 MB. */
function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export function AttachmentsPanel({ filter, target, kinds, reloadKey, onChange }: {
  /** What to list (GET /attachments). */
  filter: Partial<AttachmentTarget> & { org?: number };
  /** Where an upload goes; none: list only. */
  target?: Omit<AttachmentTarget, 'kind'>;
  /** The kinds offered for an upload, the first chosen. */
  kinds?: readonly AttachmentKind[];
  reloadKey?: unknown;
  /** After an upload or a deletion (a filing status shown beside may change). */
  onChange?(): void;
}) {
  const pane = usePane();
  const { lang, api, session } = pane;
  const say = (k: keyof typeof ATTACHMENT_WORDS, v: Record<string, string | number> = {}) => fillIn(ATTACHMENT_WORDS[k][lang], v);
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [thumbs, setThumbs] = useState<Record<number, string>>({});
  const [kind, setKind] = useState<AttachmentKind>(kinds?.[0] ?? 'evidence');
  const [busy, act] = useAction(pane);
  const key = JSON.stringify(filter);
  const writer = session?.user.role === 'admin' || session?.user.role === 'reviewer' || session?.user.role === 'clerk';

  const load = () => api?.attachments(filter).then((list) => setItems(list.items), pane.fail);
  useEffect(() => {
    setItems(null);
    void load();
  }, [api, key, reloadKey]);
  useEffect(() => setKind(kinds?.[0] ?? 'evidence'), [kinds?.join()]);
  // Thumbnails come with the bearer token, so as blobs, shown as data: addresses (the page's
  // content policy admits those for images, not blob:).
  useEffect(() => {
    if (!api || !items) return;
    let live = true;
    void Promise.all(items.filter((a) => a.hasThumbnail).map(async (a) => [a.id, await dataUrl(await api.attachmentFile(a.id, true))] as const)).then(
      (pairs) => live && setThumbs(Object.fromEntries(pairs)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, items]);
  if (!api) return null;

  const upload = (file: File) =>
    act(async () => {
      if (!target) return;
      const before = new Set(items?.map((a) => a.id));
      const stored = await api.attach({ ...target, kind }, file, file.name);
      pane.notify({ kind: 'success', message: say(before.has(stored.id) ? 'already' : 'uploaded', { name: stored.fileName }) });
      await load();
      onChange?.();
    });
  const download = (a: Attachment) =>
    act(async () => {
      saveAs(await api.attachmentFile(a.id), a.fileName, a.contentType);
    });
  const remove = (a: Attachment) =>
    act(async () => {
      if (!window.confirm(say('confirmDelete', { name: a.fileName }))) return;
      await api.deleteAttachment(a.id);
      pane.notify({ kind: 'success', message: say('deleted', { name: a.fileName }) });
      await load();
      onChange?.();
    });

  return (
    <div style={{ display: 'grid', gap: 8, minWidth: 0 }} data-panel="attachments">
      {target && writer && (
        <>
          {kinds && kinds.length > 1 && (
            <Field label={say('kind')} style={{ maxWidth: 240 }}>
              <Select value={kind} onChange={(_, d) => setKind(d.value as AttachmentKind)} data-field="attachment-kind">
                {kinds.map((k) => <option key={k} value={k}>{ATTACHMENT_KIND_LABELS[k][lang]}</option>)}
              </Select>
            </Field>
          )}
          <FileDrop accept={ACCEPT} label={say('choose')} hint={say('types')} onFile={upload} disabled={busy} />
        </>
      )}
      {items && items.length === 0 && <Caption1 data-empty="attachments">{say('none')}</Caption1>}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }} data-list="attachments">
        {items?.map((a) => (
          <li key={a.id} data-attachment={a.id} style={{ display: 'flex', gap: 8, alignItems: 'center', minWidth: 0, borderBottom: '1px solid #eee', paddingBottom: 6 }}>
            <div style={{ width: 56, height: 56, flex: '0 0 56px', display: 'grid', placeItems: 'center', background: '#f5f5f5', borderRadius: 4, overflow: 'hidden' }}>
              {thumbs[a.id] ? <img src={thumbs[a.id]} alt="" style={{ maxWidth: 56, maxHeight: 56 }} /> : <Text size={200} weight="semibold">{a.contentType === 'application/pdf' ? 'PDF' : '…'}</Text>}
            </div>
            <div style={{ display: 'grid', minWidth: 0, flex: '1 1 auto' }}>
              <Text weight="semibold" style={{ overflowWrap: 'anywhere' }}>{a.fileName}</Text>
              <Caption1 style={{ overflowWrap: 'anywhere' }}>{a.entityName ? `${a.entityName} · ` : ''}{ATTACHMENT_KIND_LABELS[a.kind][lang]} · {a.year} · {sizeOf(a.size)}</Caption1>
              <Caption1>{say('by', { who: a.uploadedByName ?? '—', day: a.uploadedAt.slice(0, 10) })}</Caption1>
            </div>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, justifyContent: 'flex-end', flex: '0 0 auto' }}>
              <Button size="small" onClick={() => download(a)} disabled={busy} data-action="download-attachment">{say('download')}</Button>
              {writer && <Button size="small" onClick={() => remove(a)} disabled={busy} data-action="delete-attachment">{say('remove')}</Button>}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
