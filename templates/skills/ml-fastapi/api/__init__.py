"""Prediction API (FastAPI): the app is api.main:app."""
