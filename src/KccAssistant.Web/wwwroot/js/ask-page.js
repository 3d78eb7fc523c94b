// The Ask page's side in the browser. Loaded twice on purpose, as one module (same URL, so one instance): by a
// <script type="module"> in the prerendered page, so a question pasted and sent with Enter before the Blazor circuit
// is live is kept instead of lost; and by the component through JS interop once it is live.
//
// Why submit goes through here: the question is read from the input at the moment of submit and handed to .NET, so an
// ask never depends on the server having seen the input events first (with a disabled-until-typed button, a browser
// ignores Enter until the server has rendered the button enabled).

let page = null;      // DotNetObjectReference of the live Ask page, or null before the circuit is up
let pending = null;   // a question submitted before that
let draft = null;     // text typed before that: the live render replaces the prerendered input and would drop it

function questionInput() {
    return document.getElementById("question");
}

function markAsking(asking) {
    const root = document.querySelector(".ask-page");
    if (!root) {
        return;
    }
    // An attribute Blazor does not render, so its diffing leaves it alone; the CSS dims the old answer at once,
    // before the server's busy render arrives over a slow connection.
    if (asking) {
        root.setAttribute("data-asking", "true");
    } else {
        root.removeAttribute("data-asking");
    }
}

function send(question) {
    markAsking(true);
    page.invokeMethodAsync("AskFromBrowser", question)
        .catch(() => { /* the circuit is gone; the reconnect dialog tells the agent */ })
        .finally(() => markAsking(false));
}

document.addEventListener("submit", event => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("ask-form")) {
        return;
    }
    event.preventDefault();
    const input = questionInput();
    const question = input ? input.value : "";
    if (question.trim() === "") {
        input?.focus();
        return;
    }
    if (page) {
        send(question);
    } else {
        pending = question;
        markAsking(true);
    }
}, true);

document.addEventListener("input", event => {
    if (!page && event.target instanceof HTMLInputElement && event.target.id === "question") {
        draft = event.target.value;
    }
}, true);

// The first live render replaces the prerendered form with a new one (this is where autofocus got lost). Seen from
// here at once, in the same task, so what the agent typed, and the focus, move over before the next key press;
// waiting for attach() below would leave a gap in which Enter lands on the page body.
let seenInput = null;
function adoptInput() {
    const input = questionInput();
    if (!input || input === seenInput) {
        return;
    }
    const previous = seenInput;
    seenInput = input;
    if (page || previous === null) {
        return;
    }
    const carried = pending ?? draft;
    if (carried && input.value === "") {
        input.value = carried;
        if (pending === null) {
            input.dispatchEvent(new Event("input", { bubbles: true }));
        }
    }
    if (pending !== null) {
        markAsking(true);
    }
    const active = document.activeElement;
    if (!active || active === document.body) {
        focusQuestion();
    }
}
new MutationObserver(adoptInput).observe(document.documentElement, { childList: true, subtree: true });
adoptInput();

/** Called by the live Ask page after its first render. */
export function attach(dotNetPage) {
    page = dotNetPage;
    const input = questionInput();
    if (pending !== null) {
        const question = pending;
        pending = null;
        draft = null;
        if (input) {
            input.value = question;
        }
        send(question);
    } else if (draft && input && input.value === "") {
        input.value = draft;
        // Tell Blazor's binding, so the server's copy of the field matches what the agent sees.
        input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    draft = null;
    const active = document.activeElement;
    // The live render replaced the prerendered input (and its autofocus): focus it again, unless the agent has already
    // moved on to something else on the page.
    if (!active || active === document.body || !active.isConnected) {
        focusQuestion();
    }
}

/** Called when the Ask page goes away (navigation), so a new one can attach. */
export function detach() {
    page = null;
}

/** Puts the cursor in the question field, at the end of its text. */
export function focusQuestion() {
    const input = questionInput();
    if (input) {
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
    }
}

/** Copies plain text; true when it reached the clipboard. */
export async function copyText(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        // No async clipboard (not a secure context, or refused): the old way still works in most browsers.
        const previous = document.activeElement;
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        let copied = false;
        try {
            copied = document.execCommand("copy");
        } catch {
            copied = false;
        }
        area.remove();
        previous?.focus();
        return copied;
    }
}
