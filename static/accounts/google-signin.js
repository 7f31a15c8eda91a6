// Google's sign-in button (Google Identity Services) on the log-in and sign-up pages, shown
// only when GOOGLE_OAUTH_CLIENT_ID is set. Its credential is posted, with the page's CSRF
// token, to /accounts/google/, which signs into the session.
const root = document.getElementById("lh-google");
const form = document.getElementById("lh-google-form");

function start() {
  const gsi = window.google && window.google.accounts && window.google.accounts.id;
  if (!gsi || !root) return;
  gsi.initialize({
    client_id: root.dataset.clientId,
    callback(response) {
      form.elements.credential.value = response.credential;
      form.submit();
    },
  });
  gsi.renderButton(root, {
    type: "standard",
    theme: "outline",
    size: "large",
    text: root.dataset.text,
    locale: document.documentElement.lang || "vi",
    width: Math.min(root.clientWidth || 320, 400),
  });
}

if (window.google && window.google.accounts) start();
else window.onGoogleLibraryLoad = start;
