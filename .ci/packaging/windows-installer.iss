; Inno Setup 6 script of vb-renew's Windows installer: the one-folder bundle built by build.spec
; (dist\vb-renew\) installed to {autopf}\vb-renew, a Start menu shortcut, an uninstaller.
;
;   pyinstaller --noconfirm build.spec
;   ISCC.exe /DAppVersion=0.1.0 .ci\packaging\windows-installer.iss    -> dist\vb-renew-0.1.0-setup.exe
;
; Japanese and English: the installer follows Windows' display language (Japanese first).
; Silent, for the current user only (no admin rights; what CI runs, .ci/packaging/check-windows.ps1):
;   vb-renew-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER /LOG=setup.log
; Run by .ci/workflows/release.yml on a Windows runner; it cannot run on our Linux CI. Keep this file
; ASCII: Inno Setup reads a script without a byte-order mark in the ANSI code page.
; The user's data (%LOCALAPPDATA%\vb-renew\vb-renew: the simulated backend's database) is left in place
; on uninstall, as settings are on any reinstall: no [UninstallDelete] reaches it (CI checks that).

#ifndef AppVersion
  #error Pass the version on the command line: ISCC /DAppVersion=x.y.z windows-installer.iss
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\vb-renew"
#endif
#define AppName "vb-renew"
#define AppExeName "vb-renew.exe"

[Setup]
; Never change AppId: it is how Windows finds an installed vb-renew to upgrade or uninstall.
AppId={{84738FDC-A36E-4BFE-8711-D8ECFD32D922}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=vb-renew
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} Setup (a simulator of renewing VirusBuster with a payment slip)
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per machine by default (Program Files); a user without admin rights may install for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\vb-renew.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: vb-renew.exe and _internal\ (Python, Qt, resources). An upgrade first removes the
; previous _internal\ (below), so no file of an older version stays beside the new ones.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
