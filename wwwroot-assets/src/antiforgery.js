// Every htmx request carries the antiforgery token that the layout puts in a <meta> tag,
// so buttons that post without a surrounding <form> are protected too.
export function wireAntiforgery(htmx) {
  document.body.addEventListener('htmx:configRequest', (event) => {
    const meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta && event.detail.verb !== 'get') {
      event.detail.headers['RequestVerificationToken'] = meta.content;
    }
  });
  return htmx;
}
