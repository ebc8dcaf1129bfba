// Follows the system's light/dark setting. Loaded in <head>, before the page paints.
const media = window.matchMedia('(prefers-color-scheme: dark)');
const apply = () => document.documentElement.setAttribute('data-bs-theme', media.matches ? 'dark' : 'light');
apply();
media.addEventListener('change', apply);
