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

    // Where this tab was before the current page, kept per tab in sessionStorage: document.referrer does not change
    // on enhanced navigation, so it cannot tell.
    const currentKey = "kcc-huidige-pagina";
    const previousKey = "kcc-vorige-pagina";

    function remember() {
        try {
            const here = window.location.pathname + window.location.search;
            const current = window.sessionStorage.getItem(currentKey);
            // A reload of the same page keeps what came before it.
            if (current !== here) {
                window.sessionStorage.setItem(previousKey, current || "");
                window.sessionStorage.setItem(currentKey, here);
            }
        } catch {
            // Storage switched off: the back link then simply goes to the Ask page.
        }
    }

    // Only a previous page of this app is "the answer": a first page in a new tab, one reached from another site or
    // from the sign-in page goes to the Ask page (the link's own href) instead.
    function canGoBack() {
        let previous = "";
        try {
            previous = window.sessionStorage.getItem(previousKey) || "";
        } catch {
            return false;
        }

        return window.history.length > 1 && previous.startsWith("/") && !previous.startsWith("/aanmelden");
    }

    // This tab was opened by a page of this app (a citation link) and has not navigated since: closing it by script is
    // allowed then, and brings back the tab with the answer.
    function openedFromAnswer() {
        try {
            return window.history.length <= 1 && window.opener !== null && !window.opener.closed
                && window.opener.location.origin === window.location.origin;
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
        } else if (openedFromAnswer()) {
            // A citation opens this copy in a new tab, and the answer is still in the tab that opened it: go there.
            event.preventDefault();
            event.stopPropagation();
            window.opener.focus();
            window.close();
        }
    }, true);

    function onPageShown() {
        remember();
        showCitedPassage();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", onPageShown);
    } else {
        onPageShown();
    }

    if (window.Blazor && typeof window.Blazor.addEventListener === "function") {
        window.Blazor.addEventListener("enhancedload", onPageShown);
    }
})();
