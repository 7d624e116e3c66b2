project = 'python-sandbox in Sphinx'
html_theme = 'furo'
html_static_path = ['_static']
html_js_files = [('python-sandbox/auto.js', {'type': 'module'})]
