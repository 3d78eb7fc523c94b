// The stored copy of a source (/bron/{id}, Components/Pages/SourceDocument.razor). Loaded on every page from
// App.razor, not from the page itself: Blazor's enhanced navigation patches the DOM without running scripts that a
// navigated-to page brings along, so the page's behaviour is hooked to the initial load and to "enhancedload".
(function () {
    "use strict";

    // Scrolls the cited passage into view; its first <mark> is what the answer quoted.
    function showCitedPassage() {
        const passage = document.querySelector("[data-geciteerd]");
        if (!passage) {
            return;
        }

        const target = passage.querySelector("mark") || passage;
        // After the browser's (or enhanced navigation's) own scroll to the top, which would otherwise win.
        requestAnimationFrame(function () {
            target.scrollIntoView({ block: "center" });
            passage.focus({ preventScroll: true });
        });
    }

    // Only a previous page of this app is "the answer": a first page in a new tab, or one reached from another site,
    // goes to the Ask page (the link's own href) instead of leaving the app.
    function canGoBack() {
        if (window.history.length < 2) {
            return false;
        }

        if (!document.referrer) {
            return true;
        }

        try {
            return new URL(document.referrer).origin === window.location.origin;
        } catch {
            return false;
        }
    }

    // One listener on the document: links rendered later by enhanced navigation need no wiring of their own.
    document.addEventListener("click", function (event) {
        const link = event.target instanceof Element ? event.target.closest("a[data-bron-terug]") : null;
        if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
            return;
        }

        if (canGoBack()) {
            event.preventDefault();
            // Capture phase: Blazor's own link handling must not navigate to the href as well.
            event.stopPropagation();
            window.history.back();
        }
    }, true);

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", showCitedPassage);
    } else {
        showCitedPassage();
    }

    if (window.Blazor && typeof window.Blazor.addEventListener === "function") {
        window.Blazor.addEventListener("enhancedload", showCitedPassage);
    }
})();
