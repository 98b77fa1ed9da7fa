"""Delivery: is the strategy's own machinery being delivered: the plan's actions, the commissioning
fund, the homicide reviews and the training programme?"""

import streamlit as st

from models.delivery import delivery_model, delivery_options, labels_of
from ui import delivery as dv
from ui.components import attribution, end_page

st.title("Delivery of the strategy")
st.markdown("Is the Serious Violence Prevention Strategy's own machinery being delivered: the delivery plan's "
            "actions, the partnership commissioning fund, Offensive Weapons Homicide Reviews and the training of "
            "front-line practitioners? Monitored by the Serious Violence Strategic Group for the boards.")
st.caption("The sidebar's period, district and offence filters do not apply here: the plan, the fund, the reviews "
           "and the training are shown as the coordinators' workbooks hold them.")

# Filters (seeded from the link, kept in it)
options = delivery_options()
choices = dv.seed_choices(options)

# Model
model = delivery_model(choices)
if not model.has_plan:
    st.info("No delivery plan is loaded yet: load the coordinator's workbook with "
            "`python -m warehouse ingest delivery-plan delivery-plan.xlsx` (template: templates/delivery-plan.xlsx).")
    end_page()
labels = model.labels

# Render
st.markdown(f"**As at {model.as_of:%d %B %Y}.**")
dv.render_headlines(model)

st.header("Delivery plan: progress by pillar and level")
dv.render_progress(model, {"all": "All pillars", **labels_of(labels, "pillar")})
st.subheader("What is late")
dv.render_late(model)
with st.expander("Update an action (for action owners: status and progress, kept with your name)",
                 icon=":material/edit:", expanded=bool(st.session_state.get("delivery.update_saved"))):
    dv.render_update(model, labels_of(labels, "status"))

st.header("Commissioning fund")
dv.render_fund(model, options)

st.header("Offensive Weapons Homicide Reviews")
dv.render_reviews(model)

st.header("Training programme for front-line practitioners")
dv.render_training(model, options)

st.subheader("Sources")
dv.render_sources(model)
dv.save_to_url()
attribution()
