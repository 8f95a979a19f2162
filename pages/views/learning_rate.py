"""Placeholder: the lesson is being built."""

import streamlit as st

st.title("learning_rate")
