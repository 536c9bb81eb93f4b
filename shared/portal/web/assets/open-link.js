// Moves the link token from the URL fragment into the form, then takes it out of the address
// bar and history. The fragment never reaches a server; without JavaScript the officer pastes
// the code instead.
(() => {
  const match = /^#t=([A-Za-z0-9_-]{22,256})$/.exec(window.location.hash);
  if (!match) return;
  const field = document.getElementById('token');
  if (!field) return;
  field.value = match[1];
  document.getElementById('token-group')?.setAttribute('hidden', '');
  document.getElementById('token-found')?.removeAttribute('hidden');
  window.history.replaceState(null, '', window.location.pathname);
})();
