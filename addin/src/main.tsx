// Entry: wait for Office, pick the language from Office's display language, render the pane.
import { createRoot } from 'react-dom/client';
import { displayLanguage, officeReady } from './excel/host';
import { languageOf } from './i18n';
import { App } from './ui/App';

officeReady().then(() => {
  const lang = languageOf(displayLanguage());
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  createRoot(document.getElementById('root')!).render(<App lang={lang} />);
});
