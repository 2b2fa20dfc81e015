"""The pages the navigation sidebar switches between, in their order (each loaded on first use)."""

# key, label, module under trusted_trader.gui.pages, class
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("dashboard", "Dashboard", "dashboard", "DashboardPage"),
    ("my_week", "My week", "my_week", "MyWeekPage"),
    ("partners", "Partners", "partners", "PartnersPage"),
    ("plans", "Engagement plans", "plans", "PlansPage"),
    ("touch_points", "Touch points", "touch_points", "TouchPointsPage"),
    ("activities", "Activities", "activities", "ActivitiesPage"),
    ("centers", "Centers & executives", "centers", "CentersPage"),
    ("data_checks", "Data checks", "data_checks", "DataChecksPage"),
)
PAGE_KEYS = [p[0] for p in PAGES]
