import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { api, setSession } from './api.js';
import './styles.css';

// A sign-in link (`tahaluf start` prints one): #signin=<one-time code>. Take the code out of the address
// bar and history at once, then exchange it for a session token. Followed while the console is open, the
// link only changes the hash, hence the hashchange listener.
function takeSigninCode(onLoad: boolean): void {
  const signin = /^#signin=([^&]+)$/.exec(window.location.hash);
  if (!signin) return;
  if (onLoad) window.history.replaceState(null, '', `${window.location.pathname}#/`);
  else window.location.replace('#/');
  api.signin(decodeURIComponent(signin[1])).then(setSession, (err: unknown) => {
    window.alert(
      `Sign-in link refused: ${err instanceof Error ? err.message : String(err)}. A link works once; 'tahaluf token signin-link' prints a new one.`,
    );
  });
}
takeSigninCode(true);
window.addEventListener('hashchange', () => takeSigninCode(false));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
