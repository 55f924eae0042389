"""The browser front end: ``after-lenin serve``.

A third front end over the same engine as the window and the terminal. The server
holds each student's playthrough (SQLite, one row per student, committed at every
step); pages are plain HTML forms that work without script, and a little own script
(``static/app.js``) adds the window's keys and swaps the stage in place. Nothing here
imports pygame.
"""
