; Included by electron-builder's NSIS installer (nsis.include). The install is per user
; (nsis.perMachine: false: no administrator rights, which classroom accounts rarely have), so
; everything here goes to HKEY_CURRENT_USER (SHELL_CONTEXT) and the user's own folders.
; electron-builder writes the .mflab association (HKCU\Software\Classes\.mflab → "Mean-Field Lab
; session") but only tells the shell on uninstall, so Explorer would show it after the next sign-in;
; and it puts no `mflab` on PATH.

!macro customInstall
  ; The type's MIME name, and the app in "Open with" for .mflab files.
  WriteRegStr SHELL_CONTEXT "Software\Classes\.mflab" "Content Type" "application/x-mflab"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}\SupportedTypes" ".mflab" ""
  ; `mflab` on PATH: a one-line forwarder to resources\bin\mflab.cmd in the per-user WindowsApps
  ; folder, which Windows 10 and 11 put on every user's PATH.
  CreateDirectory "$LOCALAPPDATA\Microsoft\WindowsApps"
  FileOpen $0 "$LOCALAPPDATA\Microsoft\WindowsApps\mflab.cmd" w
  FileWrite $0 `@"$INSTDIR\resources\bin\mflab.cmd" %*$\r$\n`
  FileClose $0
  ; SHCNE_ASSOCCHANGED: Explorer picks up the association now.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro customUnInstall
  Delete "$LOCALAPPDATA\Microsoft\WindowsApps\mflab.cmd"
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.mflab" "Content Type"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend
