; Inno Setup 6 script: Windows installer for the PyInstaller one-folder bundle.
; Build (after `pyinstaller packaging\socket-workbench.spec` on Windows), from the repo root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\socket-workbench.iss
; Output: dist\socket-workbench-<version>-windows-x64-setup.exe
; Written for the release workflow; not run on the Linux development machine.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z packaging\windows\socket-workbench.iss
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\socket-workbench"
#endif
#define AppName "Socket Workbench"
#define AppExe "socket-workbench.exe"

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{6C3F1E0B-5D7A-4C55-9D0E-2B1A8F4C7E31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Socket Workbench developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Students rarely have admin rights: install per user by default, for everyone if they choose.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=socket-workbench-{#AppVersion}-windows-x64-setup
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\resources\icons\socket-workbench.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the whole bundle: no stale Qt plugins from an older version
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
