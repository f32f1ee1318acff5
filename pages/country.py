"""Country pages: the country in a select box at the top, its ten key figures in two rows, then one view at a time
(remittances, migration, costs, TIP record, project results, data gaps) beside its key messages, and the one-page PDF
brief. /country?country=TJK&view=costs opens exactly that; without a country the page lists them."""
import streamlit as st

from figures import FigureContext
from figures import country as fcn
from geo.countries import FOCUS, name
from ui import country_sections as cs
from ui.cached import boundaries_geojson, built, dataset
from ui.state import ctx, end_page, set_param, t, value, view

lang, bad = ctx().lang, "context.bad_country" in ctx().problems
if bad:
    set_param("country", None)  # app.py has already said so; the page then lists the countries instead of warning twice
if not value("country", ["", *FOCUS], ""):
    cs.country_index(bad)
    end_page()

title, pick, brief = st.columns([3, 1.2, 1.2], vertical_alignment="bottom")
with pick:
    iso3 = cs.country_choice()
if not iso3:  # "choose a country" picked from the box: the list of countries
    st.rerun()
country = name(iso3, lang)
title.title(country, anchor=False)
fc = FigureContext(load=dataset, lang=lang, t=t, country=iso3, geojson=boundaries_geojson)
facts = built(fcn.facts, fc)
with brief:
    cs.brief_button(fc, facts)
cs.metric_rows(facts.cards)

code, box = view("view", {c: t(f"country.view.{c}") for c in cs.VIEWS}, "remittances")
with box:
    main, side = st.columns([7, 3], gap="medium")  # the view's charts, and beside them what to take away
    with side:
        cs.key_messages(facts.messages, t("country.tkm_first") if iso3 == "TKM" else None)
    with main:
        cs.VIEWS[code](fc, facts)
