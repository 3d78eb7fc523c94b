// Closes the mobile menu after a choice. An event listener instead of an inline onclick attribute, which the
// Content-Security-Policy (script-src 'self') blocks. Delegated on the document: enhanced navigation may replace the menu.
document.addEventListener("click", event => {
    if (event.target instanceof Element && event.target.closest(".nav-scrollable")) {
        document.querySelector(".navbar-toggler")?.click();
    }
});
