# Checks for IT staff: is the company Wi-Fi profile on this computer?
param([string]$Network = "Contoso-Work")

# <show-profile>
$profiles = netsh wlan show profiles
if ($profiles -match $Network) {
    Write-Output "The $Network profile is installed."
} else {
    Write-Output "The $Network profile is missing."
}
# </show-profile>
