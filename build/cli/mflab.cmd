@echo off
rem mflab, the Mean-Field Lab command line of an installed app (Windows): runs the CLI bundle
rem that ships in the app with the app's own binary acting as Node (ELECTRON_RUN_AS_NODE), so it
rem needs no Node.js. Installed as <resources>\bin\mflab.cmd.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
"%~dp0..\..\Mean-Field Lab.exe" "%~dp0..\app.asar.unpacked\out\cli\mflab.cjs" %*
exit /b %ERRORLEVEL%
