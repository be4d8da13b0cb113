using System.Collections.Concurrent;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// What the post-boot configuration of each charger found, remembered for this process's life with the boot it
/// followed, so that a charger reconnecting as the same unit (the same vendor, model, serial numbers and firmware in
/// its BootNotification) is not asked again: after a site power cut 1,000 chargers would each answer a
/// GetConfiguration and two ChangeConfigurations whose answers we already hold. Only a configuration that the charger
/// took in full is remembered (both ChangeConfigurations Accepted). A charger is asked again when its boot differs (a
/// firmware update, a swapped unit) and after anyone sent it ChangeConfiguration, Reset or UpdateFirmware
/// (<see cref="Forget"/>, from <see cref="ChargePointSession"/>); a restart of the service asks every charger again.
/// </summary>
public sealed class ChargePointConfigurationMemo
{
    private readonly ConcurrentDictionary<string, (BootNotificationRequest Boot, ChargePointCapabilities Capabilities)> _configured =
        new(StringComparer.Ordinal);

    /// <summary>The capabilities found after an earlier boot equal to <paramref name="boot"/>, or null.</summary>
    public ChargePointCapabilities? Recall(string chargePointId, BootNotificationRequest boot) =>
        _configured.TryGetValue(chargePointId, out var known) && known.Boot == boot ? known.Capabilities : null;

    public void Remember(string chargePointId, BootNotificationRequest boot, ChargePointCapabilities capabilities)
    {
        if (capabilities is { MeterValueSampleIntervalStatus: ConfigurationStatus.Accepted, MeterValuesSampledDataStatus: ConfigurationStatus.Accepted })
        {
            _configured[chargePointId] = (boot, capabilities);
        }
    }

    /// <summary>The charger's configuration may have changed: its next boot configures it again.</summary>
    public void Forget(string chargePointId) => _configured.TryRemove(chargePointId, out _);

    /// <summary>How many chargers have a configuration remembered.</summary>
    public int Count => _configured.Count;
}
