// Entry of the workspace (`/`): the same app without Office.js, in the browser's language.
import { createRoot } from 'react-dom/client';
import { languageOf } from './i18n';
import { App } from './ui/App';

const lang = languageOf(navigator.language);
document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
createRoot(document.getElementById('root')!).render(<App lang={lang} host="web" />);
