"""The ground every app stands on: workflow, history, API infrastructure, time and form
helpers. It imports no app of Kansrijk's own."""
