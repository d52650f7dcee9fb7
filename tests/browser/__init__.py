"""End-to-end tests of the course in JupyterLab with a real Chromium."""
