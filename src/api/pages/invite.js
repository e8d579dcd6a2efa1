// Accepts a one-time invite (the token is in the URL fragment, so it never reaches a server log).
// ?lang=cs|en wins, else the browser's first supported language
const requested = new URLSearchParams(location.search).get('lang');
const preferred = [requested, ...navigator.languages].find((tag) => tag && /^(cs|en)\b/i.test(tag));
const language = preferred?.slice(0, 2).toLowerCase() ?? 'en';
document.documentElement.lang = language;
for (const element of document.querySelectorAll('[data-en]')) element.textContent = element.dataset[language];

const form = document.getElementById('accept');
const message = document.getElementById('message');
const token = location.hash.slice(1);
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const response = await fetch('/api/v1/auth/accept-invite', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify({ token, name: data.get('name'), password: data.get('password'), timeZone, language }),
  });
  const body = await response.json();
  if (response.ok) {
    message.textContent = language === 'cs' ? 'Hotovo: jste přihlášeni.' : 'Done: you are signed in.';
    location.assign('/');
    return;
  }
  message.textContent = `${body.error.message} ${body.error.hint ?? ''}`;
});
