"""`streamlit run app.py` from a checkout: the app itself is gdviz/app.py, inside the package."""

from gdviz.app import main

# Streamlit runs this script anew on every rerun; the import happens once, the call on every run.
main()
