// The timeout warning: before the session ends for lack of activity, a dialog counts down and
// offers "Stay signed in". The server decides (accounts.sessions): this asks it how long is left
// before warning, so activity in another tab is taken into account, and ends by going to the
// "You have been signed out" page.
const root = document.getElementById("session-timeout");
const dialog = document.getElementById("session-timeout-dialog");

if (root && dialog && typeof dialog.showModal === "function") {
  const warningSeconds = Number(root.dataset.warningSeconds);
  const countdown = dialog.querySelector("[data-countdown]");
  let timer = null;
  let ticker = null;
  let deadline = 0;

  const csrfToken = () => dialog.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";

  const describe = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const secondsLeft = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return 0;
      return (await response.json()).seconds_left;
    } catch {
      return null; // offline for a moment: ask again shortly
    }
  };

  const end = () => {
    const here = window.location.pathname + window.location.search;
    window.location.assign(`${root.dataset.endedUrl}?next=${encodeURIComponent(here)}`);
  };

  const close = () => {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
  };

  const schedule = (seconds) => {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(1, seconds - warningSeconds) * 1000);
  };

  const tick = () => {
    const seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = describe(seconds);
    if (seconds <= 0) {
      clearInterval(ticker);
      check();
    }
  };

  const warn = (seconds) => {
    deadline = Date.now() + seconds * 1000;
    if (!dialog.open) dialog.showModal();
    clearInterval(ticker);
    tick();
    ticker = setInterval(tick, 1000);
  };

  async function check() {
    const seconds = await secondsLeft();
    if (seconds === null) {
      timer = setTimeout(check, 5000);
    } else if (seconds <= 0) {
      end();
    } else if (seconds > warningSeconds + 1) {
      close();
      schedule(seconds);
    } else {
      warn(seconds);
    }
  }

  dialog.querySelector("[data-stay-signed-in]").addEventListener("click", async () => {
    const response = await fetch(root.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    });
    close();
    if (response.ok) schedule(Number(root.dataset.idleSeconds));
    else check();
  });

  // Escape closes a modal dialog; here it means "stay signed in", never "ignore the warning".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.querySelector("[data-stay-signed-in]").click();
  });

  schedule(Number(root.dataset.idleSeconds));
}
