// Material shows "Copied to clipboard" in its dialog element, which screen readers do not
// announce; as a status region they read it out (WCAG 4.1.3). The element is outside the part
// of the page that instant navigation replaces, so this runs once.
document.querySelector(".md-dialog")?.setAttribute("role", "status");
