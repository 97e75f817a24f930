#!/usr/bin/env python3
"""Real-browser smoke test of a running Badil (e.g. `swift run badil demo --password P`).

Signs in with headless Chromium, opens each page in English, French and Arabic, checks the
language and direction, that the browser logged no CSP or script errors, and saves screenshots.

    pip install selenium; apt-get install -y chromium chromium-driver
    python3 scripts/browser-smoke.py --base http://127.0.0.1:8080 --user admin --password P --out /tmp/shots
"""
import argparse
import os
import re
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

PAGES_BY_ROLE = {
    "admin": ["/", "/admin/organizations", "/admin/users", "/admin/locations", "/admin/locations/new", "/admin/audit", "/account"],
    "supervisor": ["/", "/arrivals", "/persons", "/persons?ageGroup=child", "/duplicates", "/priority", "/decisions", "/follow-up",
                   "/caseload", "/closures", "/tasks", "/tracing", "/account"],
    "caseworker": ["/", "/persons", "/priority", "/follow-up", "/facilities", "/referrals", "/transfers", "/transfers/new",
                   "/reports/placement", "/tasks", "/tracing"],
    "social_worker": ["/", "/persons", "/tasks", "/tracing"],
    "coast_guard": ["/", "/arrivals", "/arrivals/new"],
    "facility_operator": ["/", "/facilities", "/facilities/new", "/referrals", "/transfers"],
    "detention_officer": ["/", "/referrals", "/transfers"],
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8080")
    ap.add_argument("--user", default="admin")
    ap.add_argument("--password", required=True)
    ap.add_argument("--out", default="/tmp/badil-shots")
    ap.add_argument("--width", type=int, default=1280)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    opts = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={args.width},1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    failures = []
    try:
        driver.get(args.base + "/login?lang=en")
        driver.find_element(By.ID, "username").send_keys(args.user)
        driver.find_element(By.ID, "password").send_keys(args.password)
        driver.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
        if "/login" in driver.current_url:
            print("sign-in failed", file=sys.stderr)
            return 1
        pages = PAGES_BY_ROLE.get(args.user, ["/"])
        # Follow the first links to records so their pages are checked too.
        driver.get(f"{args.base}{pages[0]}")
        for listing, href in (("/arrivals", "/arrivals/"), ("/persons", "/persons/"), ("/decisions", "/decisions/"),
                              ("/priority", "/screenings/"), ("/follow-up", "/decisions/"), ("/facilities", "/facilities/"),
                              ("/referrals", "/referrals/"), ("/transfers", "/transfers/")):
            if listing not in pages:
                continue
            driver.get(f"{args.base}{listing}")
            links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, f"a[href^='{href}']")]
            links = [l for l in links if l and not l.endswith("/new")]
            if links:
                pages.append(links[0].replace(args.base, ""))
                # A person's "Find a place" page, for those who may refer.
                if listing == "/persons" and "/referrals" in pages:
                    pages.append(links[0].replace(args.base, "").split("?")[0] + "/placement")
                # The case sections of a person, for those who work cases.
                if listing == "/persons" and "/tasks" in pages:
                    for section in ("/case", "/child", "/outcome"):
                        pages.append(links[0].replace(args.base, "").split("?")[0] + section)
        driver.get_log("browser")  # start the checks with an empty console
        for lang in ("en", "fr", "ar"):
            for page in pages:
                sep = "&" if "?" in page else "?"
                driver.get(f"{args.base}{page}{sep}lang={lang}")
                html = driver.find_element(By.TAG_NAME, "html")
                if html.get_attribute("lang") != lang or html.get_attribute("dir") != ("rtl" if lang == "ar" else "ltr"):
                    failures.append(f"{page} {lang}: lang/dir wrong")
                # A translation key shown instead of its text (a key missing in this language).
                shown = driver.find_element(By.TAG_NAME, "body").text
                keys = sorted(set(re.findall(r"(?<![\w/.@-])(?:[a-z]+_)*[a-z]+\.[a-z_]+(?:\.[a-z_]+)*(?![\w/@-])", shown)))
                keys = [k for k in keys if k != "e.g" and not re.fullmatch(r"[a-z0-9.-]+\.(?:org|com|net|ly|int|csv|json|xlsx|pdf|md|sqlite)", k)]
                if keys and not page.startswith("/admin/audit"):  # the audit trail shows action codes by design
                    failures.append(f"{page} {lang}: untranslated keys {keys[:5]}")
                errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
                if errors:
                    failures.append(f"{page} {lang}: browser errors {errors}")
                path = re.sub(r"([0-9A-Fa-f]{8})-[0-9A-Fa-f-]{27}", r"\1", page.split("?")[0])
                name = (path.strip("/").replace("/", "_")[:60] or "home") + f"-{lang}.png"
                driver.save_screenshot(os.path.join(args.out, name))
        # Keyboard: the skip link is the first focusable element.
        driver.get(f"{args.base}/?lang=en")
        from selenium.webdriver.common.keys import Keys
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        if driver.switch_to.active_element.get_attribute("class") != "skip-link":
            failures.append("skip link is not the first focusable element")
    finally:
        driver.quit()
    for f in failures:
        print("FAIL", f)
    print(f"{len(pages) * 3 + 1 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
