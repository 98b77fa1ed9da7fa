"""Cohort: who is known to Youth Justice and Probation, what they need, what they receive and what follows?"""

import streamlit as st

from charts.cohort import category_bars, empty_figure, interventions_bars, pathway_sankey, size_over_time
from queries import run_query
from ui import cohort as ch
from ui.components import attribution
from ui.filters import current_filters

st.title("Youth justice and probation cohort")
st.markdown("Who is in the cohort, what needs do they have, which interventions do they receive at each level, "
            "and what follows? Pseudonymised; no person can be identified from these figures.")
filters = current_filters()

# Queries (whole protected cubes; the widgets below pick a slice)
years = run_query("cohort_years_available")
size = run_query("cohort_size_by_quarter")
profile = run_query("cohort_profile_by_characteristic")
needs = run_query("cohort_needs_by_need")
interventions = run_query("cohort_interventions_by_level")
reoffending = run_query("cohort_reoffending_by_level")
pathway = run_query("cohort_pathway_by_stage")

# Render
if years.empty:
    st.info("No cohort data is loaded yet: load the cohort files on the Data page.")
    st.stop()
default_year = ch.latest_complete_year(filters.period.end) if filters else "all"
chosen = ch.controls(list(years["financial_year"]), default_year)
year, agency = chosen["year"], chosen["agency"]
label = f"{ch.AGENCIES[agency]}, {'all years' if year == 'all' else 'entered in ' + year}"
st.caption("The sidebar's period sets the default year (the last whole financial year it reaches); the district and offence filters do not narrow the cohort "
           "(home districts are shown as a breakdown instead).")

st.subheader("Cohort size over time")
ch.render_figure(size_over_time(size, "People entering the cohort per quarter"), "cohort.size_chart",
                 "cohort-size", "Lines of people entering per quarter by agency; figures in the table below.")
ch.about("size", "Cohort size", "People entering supervision by Youth Justice or Probation, by the quarter of entry.",
         "All quarters loaded")
with st.expander("Quarterly figures (table view)"):
    ch.shown_table(size.assign(agency=size["agency"].map(ch.AGENCIES)),
                   {"quarter": "Quarter starting", "agency": "Agency", "person_count": "People"},
                   "cohort.size_table", "cohort-size-by-quarter")

st.subheader(f"Who is in the cohort: {label}")
by = st.radio("Breakdown", list(ch.CHARACTERISTICS), key="cohort.profile_by", format_func=ch.CHARACTERISTICS.get,
              horizontal=True)
people = ch.profile_slice(profile, year, agency, by)
ch.render_figure(category_bars(people, "category", "share_pct", f"{ch.CHARACTERISTICS[by]}: % of the cohort", "% of people"),
                 "cohort.profile_chart", "cohort-profile", "Bars of the share of the cohort by category; table below.")
ch.about("profile", "Cohort profile", "People in the cohort by age at entry, sex, ethnicity (ONS 5 groups) and home "
         "district. Out-of-county homes are named when in a neighbouring district.", label)
ch.shown_table(people, {"category": ch.CHARACTERISTICS[by], "person_count": "People", "share_pct": "% of cohort"},
               "cohort.profile_table", f"cohort-{by}")

st.subheader("Needs and risk factors")
need_rows = ch.needs_slice(needs, year, agency)
ch.render_figure(category_bars(need_rows, "need_label", "share_pct", f"Prevalence of needs, {label}", "% of people",
                               "lower_pct", "upper_pct"), "cohort.needs_chart", "cohort-needs",
                 "Bars of the % of people with each need with 95% intervals; table below.")
ch.about("needs", "Prevalence of needs", "Percentage of people in the cohort with each need or risk factor recorded "
         "at entry; a person may have several. 95% Wilson score intervals.", label)
ch.shown_table(need_rows, {"need_label": "Need", "with_need_count": "People with need", "person_count": "People",
                           "share_pct": "%", "lower_pct": "95% CI lower", "upper_pct": "95% CI upper"},
               "cohort.needs_table", "cohort-needs")

st.subheader("Interventions by pillar and level")
started = ch.interventions_slice(interventions, year, agency)
ch.render_figure(interventions_bars(started, f"Interventions started and completed, {label}"),
                 "cohort.interventions_chart", "cohort-interventions",
                 "Bars of interventions started (filled) and completed (outline) by pillar and level; table below.")
ch.about("interventions", "Interventions", "Interventions started in the year by cohort members, by strategy pillar "
         "(prevent, respond, long-term support) and level (universal, selected, indicated); completed = completed "
         "as planned; ongoing = no end yet.", label)
ch.shown_table(started, {"pillar_label": "Pillar", "level": "Level", "started_count": "Started",
                         "completed_count": "Completed", "ongoing_count": "Ongoing", "share_pct": "% completed"},
               "cohort.interventions_table", "cohort-interventions")

st.subheader("Proven reoffending within 12 months")
st.warning(ch.NOT_CAUSAL, icon=":material/warning:")
outcomes = ch.reoffending_slice(reoffending, year, agency)
figure = (category_bars(outcomes, "level_label", "share_pct", f"Proven reoffending by highest level received, {label}",
                        "% reoffending within 12 months", "lower_pct", "upper_pct")
          if outcomes["share_pct"].notna().any() else
          empty_figure("Proven reoffending", "No published figures: follow-up not complete or numbers suppressed"))
ch.render_figure(figure, "cohort.reoffending_chart", "cohort-reoffending",
                 "Bars of the % reoffending by highest intervention level with 95% intervals; table below.")
ch.about("reoffending", "Proven reoffending within 12 months", "People with a proven reoffence within 12 months of "
         "entry, of those whose 12-month follow-up is complete, by the highest intervention level they received. "
         "95% Wilson score intervals.", label, ch.NOT_CAUSAL)
ch.shown_table(outcomes, {"level_label": "Highest level", "person_count": "People followed up",
                          "reoffended_count": "Reoffended", "share_pct": "%", "lower_pct": "95% CI lower",
                          "upper_pct": "95% CI upper"}, "cohort.reoffending_table", "cohort-reoffending")

st.subheader("Pathway: needs → interventions → outcomes")
links = ch.pathway_links(pathway, year, agency)
ch.render_figure(pathway_sankey(links, f"People by number of needs, highest level and outcome, {label}"),
                 "cohort.pathway_chart", "cohort-pathway", "Sankey of people from need band to highest intervention "
                 "level to outcome; links are in the table below (suppressed links are not drawn).")
ch.about("pathway", "Pathway", "Each person once: number of recorded needs → the highest intervention level received → "
         "proven reoffence within 12 months (or follow-up not complete). Suppressed links are not drawn.", label)
with st.expander("Pathway links (table view)"):
    ch.shown_table(links, {"source": "From", "target": "To", "person_count": "People"}, "cohort.pathway_table",
                   "cohort-pathway")
ch.save_to_url()
attribution()
