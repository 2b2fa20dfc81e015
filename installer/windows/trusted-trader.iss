; Inno Setup 6.3+ script for the Windows installer of Trusted Trader.
;
; Build on Windows, from the project root, after the PyInstaller bundle:
;   .venv\Scripts\python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\trusted-trader.spec
;   for /f %v in ('.venv\Scripts\python -c "import trusted_trader; print(trusted_trader.__version__)"') do iscc /DAppVersion=%v installer\windows\trusted-trader.iss
; It writes dist\trusted-trader-VERSION-windows-x86_64-setup.exe.
;
; The version comes from trusted_trader.__version__ only (passed with /DAppVersion).
; This file cannot be built on the Linux build machine: it is kept correct by review.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (trusted_trader.__version__)
#endif

#define AppName "Trusted Trader"
#define AppExeName "Trusted Trader.exe"
#define CliExeName "trusted-trader.exe"
; Relative paths are taken from this script's folder.
#define BundleDir "..\..\dist\trusted-trader"

[Setup]
; The AppId identifies the app across versions (upgrades, uninstall): never change it.
AppId={{4804E48D-A67F-444D-88B0-8912FBB259B4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=U.S. Customs and Border Protection
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per-user by default (no administrator needed); the user may choose all users instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=trusted-trader-{#AppVersion}-windows-x86_64-setup
SetupIconFile=..\..\resources\icons\trusted-trader.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy before files are replaced.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle's internals whole, so no file of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The desktop program, the command-line program (trusted-trader.exe) and their _internal folder.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "Engagement plans and touch-point reduction for CBP trusted partners"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The user's data (database, backups, settings under %LOCALAPPDATA%\TrustedTrader) is
; not the installer's: uninstalling keeps it.
