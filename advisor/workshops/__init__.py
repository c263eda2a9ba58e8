"""Workshop series: rounds, companies that return with a key, action plans, progress and reports.

``series`` holds the model and its rules, ``ranking`` the explainable "most changed" ranking,
``reports`` the round report, the recognition sheet and case write-ups (as Markdown), ``store`` the
persistence. None of them knows about HTTP or Gradio; advisor/ui/series_ui.py is the screen.
"""
