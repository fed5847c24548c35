<#
Tests vb-renew's Windows build as users get it, on the Windows machine that built it. Run by
.ci/workflows/release.yml (PowerShell 7); a release engineer can run it by hand the same way:

  pwsh -File .ci\packaging\check-windows.ps1 -Bundle dist\vb-renew -Logs build\release-logs
  pwsh -File .ci\packaging\check-windows.ps1 -Installer dist\vb-renew-0.1.0-setup.exe -Logs build\release-logs

-Bundle: the built one-folder bundle's --self-test.
-Installer: a silent install for the current user (/CURRENTUSER: no admin rights, under
%LOCALAPPDATA%\Programs), the installed app's --self-test, a silent uninstall, and then: the program's
folder, its uninstall entry and its Start menu shortcut are gone, while the user's data folder
(%LOCALAPPDATA%\vb-renew\vb-renew) is still there. Needs a machine where vb-renew is not installed.

Each self-test runs on Qt's own Windows plugin (not offscreen) with keyring's own choice of backend,
which the self-test requires to be Windows' Credential Manager. Every process is bounded in time and
killed, with its children, when it overruns. Logs (each self-test's lines, the app's vb-renew.log,
Setup's and the uninstaller's logs) go under -Logs, which CI uploads.
#>
[CmdletBinding()]
param(
    [string] $Bundle,
    [string] $Installer,
    [Parameter(Mandatory)] [string] $Logs,
    [int] $SelfTestSeconds = 300,
    [int] $SetupSeconds = 300
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }  # the lines are Japanese in part
# The shell's own folders (long paths, as Setup and the app resolve them; the environment's may be 8.3).
$localAppData = [Environment]::GetFolderPath('LocalApplicationData')

function Say([string] $Text) { Write-Host "[check-windows] $Text" }

function Format-Argument([string] $Value) {
    # Start-Process joins its arguments with spaces and quotes none of them.
    if ($Value -match '[\s"]') { return '"' + ($Value -replace '"', '\"') + '"' }
    return $Value
}

function Invoke-Bounded {
    # Runs a program, waits at most $Seconds, kills it and its children if it overruns; its exit code.
    param([string] $FilePath, [string[]] $Arguments, [int] $Seconds, [string] $What)
    $quoted = @($Arguments | ForEach-Object { Format-Argument $_ })
    Say "$What`: $FilePath $($quoted -join ' ')"
    $process = Start-Process -FilePath $FilePath -ArgumentList $quoted -PassThru
    $null = $process.Handle  # held from the start: without it ExitCode can be empty once the process is gone
    if (-not $process.WaitForExit($Seconds * 1000)) {
        Say "$What did not finish in $Seconds s: killing it and its children"
        $process.Kill($true)
        $null = $process.WaitForExit(30000)
        throw "$What timed out after $Seconds s"
    }
    $process.WaitForExit()
    return $process.ExitCode
}

function Show-File([string] $Path) {
    if (Test-Path -LiteralPath $Path) {
        Say "--- $Path"
        Get-Content -LiteralPath $Path -Encoding utf8 | ForEach-Object { Write-Host "    $_" }
    }
}

function Invoke-SelfTest([string] $Exe, [string] $Name) {
    $run = Join-Path $Logs $Name
    if (Test-Path -LiteralPath $run) { Remove-Item -LiteralPath $run -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $run
    $log = Join-Path $run 'self-test.log'
    # As users run it: Qt's own platform plugin, keyring's own choice of backend.
    $env:VB_RENEW_SELF_TEST_PLATFORM = 'native'
    Remove-Item -Path 'Env:QT_QPA_PLATFORM', 'Env:PYTHON_KEYRING_BACKEND' -ErrorAction SilentlyContinue
    # The app's own watchdog fires first and writes a FAIL line with every thread's stack.
    $code = Invoke-Bounded -FilePath $Exe -Seconds $SelfTestSeconds -What "self-test ($Name)" -Arguments @(
        '--self-test', '--self-test-log', $log, '--basedir', (Join-Path $run 'home'),
        '--self-test-timeout', [string]($SelfTestSeconds - 30))
    Show-File $log
    if ($code -ne 0) {
        # vb-renew.log: beside the self-test's log, and under --basedir after a crash at start-up.
        Show-File (Join-Path $run 'vb-renew.log')
        Show-File (Join-Path $run 'home\log\vb-renew.log')
        throw "self-test ($Name) failed (exit $code)"
    }
    if (-not (Test-Path -LiteralPath $log)) { throw "self-test ($Name) exited 0 but wrote no $log" }
    Say "self-test ($Name) passed"
}

function Get-UninstallKey {
    # Setup registers the install under "<AppId>_is1"; the AppId is read from the .iss (its one place).
    $iss = Join-Path $PSScriptRoot 'windows-installer.iss'
    $line = Select-String -LiteralPath $iss -Pattern '^AppId=\{\{([0-9A-Fa-f-]+)\}' | Select-Object -First 1
    if (-not $line) { throw "no AppId in $iss" }
    $appId = $line.Matches[0].Groups[1].Value
    return "HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\{$appId}_is1"
}

if (-not $Bundle -and -not $Installer) { throw 'give -Bundle DIR or -Installer SETUP.EXE' }
$null = New-Item -ItemType Directory -Force -Path $Logs
$Logs = (Resolve-Path -LiteralPath $Logs).Path

if ($Bundle) {
    $exe = Join-Path (Resolve-Path -LiteralPath $Bundle).Path 'vb-renew.exe'
    if (-not (Test-Path -LiteralPath $exe)) { throw "no $exe" }
    Invoke-SelfTest -Exe $exe -Name 'bundle'
}

if ($Installer) {
    $setup = (Resolve-Path -LiteralPath $Installer).Path
    $key = Get-UninstallKey
    if (Test-Path -LiteralPath $key) { throw "vb-renew is already installed for this user ($key)" }

    # 1. A silent install for this user only. /LOG: Setup's own log, uploaded by CI.
    $setupLog = Join-Path $Logs 'setup.log'
    $code = Invoke-Bounded -FilePath $setup -Seconds $SetupSeconds -What 'install' -Arguments @(
        '/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART', '/CURRENTUSER', "/LOG=$setupLog")
    if ($code -ne 0) { Show-File $setupLog; throw "Setup failed (exit $code)" }
    if (-not (Test-Path -LiteralPath $key)) { throw "Setup exited 0 but registered no uninstall entry ($key)" }
    $entry = Get-ItemProperty -LiteralPath $key
    $appDir = $entry.InstallLocation.TrimEnd('\')
    $exe = Join-Path $appDir 'vb-renew.exe'
    $uninstaller = $entry.UninstallString.Trim('"')
    $shortcut = Join-Path ([Environment]::GetFolderPath('Programs')) 'vb-renew.lnk'
    $userPrograms = Join-Path $localAppData 'Programs'
    if (-not $appDir.StartsWith($userPrograms, [StringComparison]::OrdinalIgnoreCase)) {
        throw "installed in $appDir, not for the current user under $userPrograms"
    }
    foreach ($path in @($exe, $uninstaller, $shortcut)) {
        if (-not (Test-Path -LiteralPath $path)) { throw "Setup exited 0 but did not install $path" }
    }
    $files = @(Get-ChildItem -LiteralPath $appDir -Recurse -File).Count
    Say "installed $($entry.DisplayName) in $appDir ($files files), shortcut $shortcut"

    # 2. The installed app, as the Start menu starts it.
    Invoke-SelfTest -Exe $exe -Name 'installed'

    # 3. A silent uninstall. The user's data folder must stay: a file put there now must survive it.
    $dataDir = Join-Path $localAppData 'vb-renew\vb-renew'  # vb_renew.paths: PlatformDirs("vb-renew", "vb-renew")
    $null = New-Item -ItemType Directory -Force -Path $dataDir
    $kept = Join-Path $dataDir 'release-check-kept.txt'
    Set-Content -LiteralPath $kept -Value 'The uninstaller must leave the user''s data in place.'
    $uninstallLog = Join-Path $Logs 'uninstall.log'
    $code = Invoke-Bounded -FilePath $uninstaller -Seconds $SetupSeconds -What 'uninstall' -Arguments @(
        '/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART', "/LOG=$uninstallLog")
    if ($code -ne 0) { Show-File $uninstallLog; throw "the uninstaller failed (exit $code)" }
    # Its exit code comes before its copy in %TEMP% has removed the folder itself (Inno Setup's
    # "Uninstaller Exit Codes"): wait for that, within a bound.
    $deadline = (Get-Date).AddSeconds(120)
    while ((Test-Path -LiteralPath $appDir) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 500 }
    $left = @($appDir, $shortcut, $key) | Where-Object { Test-Path -LiteralPath $_ }
    if ($left) {
        if (Test-Path -LiteralPath $appDir) {
            Get-ChildItem -LiteralPath $appDir -Recurse | ForEach-Object { Write-Host "    left: $($_.FullName)" }
        }
        Show-File $uninstallLog
        throw "still there after the uninstall: $($left -join ', ')"
    }
    if (-not (Test-Path -LiteralPath $kept)) { throw "the uninstaller deleted the user's data in $dataDir" }
    Remove-Item -LiteralPath $kept
    Say "uninstalled: $appDir, its uninstall entry and its shortcut are gone; the user's data folder stayed"
}
