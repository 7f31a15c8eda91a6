// Small behaviours shared by every templated page, bound here rather than in inline
// handlers so that the Content-Security-Policy can forbid inline script.
//   <form data-confirm="Delete?">   asks before submitting
//   <select data-autosubmit>        submits its form when changed
//   <link media="print" data-deferred-style>   a stylesheet that must not block the first paint
for (const link of document.querySelectorAll("link[data-deferred-style]")) link.media = "all";
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
