import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { api, loadSession, setSigninError, setSignoutReturn } from './api.js';
import { I18nProvider } from './i18n/index.js';
import { applyToDocument, initialLocale } from './i18n/locale.js';
import { applyTheme, effectiveTheme } from './theme.js';
import './styles.css';

// A sign-in link (`tahaluf start` prints one): #signin=<one-time code>. Take the code out of the address
// bar and history at once, then exchange it for a session cookie. Followed while the console is open, the
// link only changes the hash, hence the hashchange listener. An identity provider's refused sign-in comes
// back as #signin-error=<code>, shown by the picker; after RP-initiated logout the provider sends the browser
// back through the node as #signed-out=<provider id> (or #signout-error=<code>), also shown by the picker.
function takeSigninCode(onLoad: boolean): void {
  const signedOut = /^#(signed-out|signout-error)=([\w-]{1,80})$/.exec(window.location.hash);
  if (signedOut) {
    setSignoutReturn(
      signedOut[1] === 'signed-out' ? { provider: signedOut[2] } : { error: signedOut[2] },
    );
    window.history.replaceState(null, '', `${window.location.pathname}#/`);
    return;
  }
  const refused = /^#signin-error=([\w-]{1,80})$/.exec(window.location.hash);
  if (refused) {
    setSigninError(refused[1]);
    window.history.replaceState(null, '', `${window.location.pathname}#/`);
    return;
  }
  const signin = /^#signin=([^&]+)$/.exec(window.location.hash);
  if (!signin) return;
  if (onLoad) window.history.replaceState(null, '', `${window.location.pathname}#/`);
  else window.location.replace('#/');
  api.signin(decodeURIComponent(signin[1])).catch((err: unknown) => {
    const ar = initialLocale() === 'ar';
    const reason = err instanceof Error ? err.message : String(err);
    window.alert(
      ar
        ? `رُفض رابط الدخول: ${reason}. يصلح الرابط مرة واحدة؛ يطبع الأمر 'tahaluf token signin-link' رابطاً جديداً.`
        : `Sign-in link refused: ${reason}. A link works once; 'tahaluf token signin-link' prints a new one.`,
    );
  });
}
takeSigninCode(true);
window.addEventListener('hashchange', () => takeSigninCode(false));

// lang/dir before the first paint, so an Arabic reader never sees the page flip.
applyToDocument(initialLocale());
// Light or dark before the first paint too (the stored choice, else prefers-color-scheme).
applyTheme(effectiveTheme());

// Who the session cookie stands for is known before the first view asks the node for anything.
void loadSession()
  .catch(() => null)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <I18nProvider>
          <App />
        </I18nProvider>
      </StrictMode>,
    ),
  );
