// A real OpenID Connect provider (the certified `oidc-provider` package) for sign-in tests, run as its own
// process on loopback. It knows one confidential client and the users given in IDP_USERS; its login page
// (the interaction) asks for a user name, logs that user in and grants the requested scopes. Prints its
// issuer URL on stdout once it listens. RP-Initiated Logout 1.0 is on (end_session_endpoint in discovery,
// the client's post-logout redirect URI registered, a confirmation page asking "sign out?"), unless
// IDP_NO_LOGOUT=1 (then the discovery document has no end_session_endpoint).
//
//   IDP_PORT=… IDP_CLIENT_ID=… IDP_CLIENT_SECRET=… IDP_REDIRECT_URI=… IDP_POST_LOGOUT_REDIRECT_URI=…
//   IDP_USERS='{"alice":{…claims}}' [IDP_NO_LOGOUT=1]
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';

const port = Number(process.env.IDP_PORT);
const issuer = `http://127.0.0.1:${port}`;
/** @type {Record<string, Record<string, unknown>>} */
const users = JSON.parse(process.env.IDP_USERS ?? '{}');
const logout = process.env.IDP_NO_LOGOUT !== '1';

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.IDP_CLIENT_ID,
      client_secret: process.env.IDP_CLIENT_SECRET,
      redirect_uris: [process.env.IDP_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      ...(logout ? { post_logout_redirect_uris: [process.env.IDP_POST_LOGOUT_REDIRECT_URI] } : {}),
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email'],
    profile: ['name'],
    tahaluf: ['tahaluf_member', 'tahaluf_clearance', 'tahaluf_roles'],
  },
  scopes: ['openid', 'email', 'profile', 'tahaluf'],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: logout,
      // The provider's own confirmation: `form` is its hidden form (xsrf token, state); "yes" ends the
      // provider's session, then the browser goes to the client's post-logout redirect URI with the state.
      async logoutSource(ctx, form) {
        ctx.body = `<!doctype html><html><head><title>Test identity provider</title></head>
<body><h1>Sign out of the test identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" data-testid="idp-logout-yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" data-testid="idp-logout-no">No, stay signed in</button></body></html>`;
      },
    },
  },
  cookies: { keys: ['test-only-cookie-key-0123456789'] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, id) {
    if (!users[id]) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...users[id] }) };
  },
});
provider.proxy = false;
const callback = provider.callback();

const page = (
  uid,
  note = '',
) => `<!doctype html><html><head><title>Test identity provider</title></head>
<body><h1>Test identity provider</h1>${note}
<form method="post" action="/interaction/${uid}/login">
<label>User name <input name="login" data-testid="idp-login" autofocus></label>
<button type="submit" data-testid="idp-submit">Sign in</button></form></body></html>`;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

const server = createServer(async (req, res) => {
  try {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url.split('?')[0]);
    if (!m) return callback(req, res);
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      // The user is already logged in here: only consent is asked; grant what the client asked for.
      if (details.prompt.name === 'consent') {
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({
              accountId: details.session.accountId,
              clientId: details.params.client_id,
            });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        return provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(page(details.uid));
    }
    const login = (await readForm(req)).get('login') ?? '';
    if (!users[login]) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(page(details.uid, '<p role="alert">unknown user</p>'));
    }
    const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: login }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`${issuer}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
