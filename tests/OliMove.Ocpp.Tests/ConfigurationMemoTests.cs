using Newtonsoft.Json.Linq;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests;

/// <summary>
/// The post-boot configuration (GetConfiguration, ChangeConfiguration of the sampling) is asked once per unit: a
/// charger that boots again as the same unit (a reconnect storm after a power cut) is not asked again, unless its boot
/// differs, it did not take the configuration in full, or someone changed its configuration since (issue 17).
/// </summary>
public sealed class ConfigurationMemoTests : IAsyncLifetime
{
    private const string Boot = """{"chargePointVendor":"V","chargePointModel":"M","firmwareVersion":"1.0"}""";
    private const string NewFirmwareBoot = """{"chargePointVendor":"V","chargePointModel":"M","firmwareVersion":"1.1"}""";

    private TestCentralSystem _cs = null!;
    private readonly List<ChargePointConfigured> _configured = [];

    public async Task InitializeAsync()
    {
        _cs = await TestCentralSystem.StartAsync(o => o.ConfigureAfterBoot = true);
        _cs.Events.Configured += e =>
        {
            lock (_configured)
            {
                _configured.Add(e);
            }
        };
    }

    public async Task DisposeAsync() => await _cs.DisposeAsync();

    [Fact]
    public async Task A_charger_that_boots_again_as_the_same_unit_is_not_asked_for_its_configuration_again()
    {
        await using (var first = await ConnectAsync())
        {
            await BootAsync(first, Boot);
            (await AnswerConfigurationAsync(first, "Accepted")).Should().Equal("GetConfiguration", "ChangeConfiguration", "ChangeConfiguration");
            await WaitForConfiguredAsync(1);
        }

        await using var again = await ConnectAsync();
        await BootAsync(again, Boot);
        await WaitForConfiguredAsync(2);
        _configured[1].Capabilities.Should().Be(_configured[0].Capabilities, "the host hears what was found after the first boot");
        await NextCallShouldBeOursAsync(again);
    }

    [Fact]
    public async Task A_charger_with_new_firmware_is_asked_again()
    {
        await using (var first = await ConnectAsync())
        {
            await BootAsync(first, Boot);
            await AnswerConfigurationAsync(first, "Accepted");
            await WaitForConfiguredAsync(1);
        }

        await using var updated = await ConnectAsync();
        await BootAsync(updated, NewFirmwareBoot);
        (await AnswerConfigurationAsync(updated, "Accepted")).Should().Equal("GetConfiguration", "ChangeConfiguration", "ChangeConfiguration");
        await WaitForConfiguredAsync(2);
    }

    [Fact]
    public async Task A_charger_that_refused_part_of_the_configuration_is_asked_again()
    {
        await using (var first = await ConnectAsync())
        {
            await BootAsync(first, Boot);
            await AnswerConfigurationAsync(first, "Rejected");
            await WaitForConfiguredAsync(1);
        }

        await using var again = await ConnectAsync();
        await BootAsync(again, Boot);
        (await AnswerConfigurationAsync(again, "Accepted")).Should().Equal("GetConfiguration", "ChangeConfiguration", "ChangeConfiguration");
        await WaitForConfiguredAsync(2);
    }

    [Fact]
    public async Task A_charger_whose_configuration_was_changed_since_is_asked_again()
    {
        await using (var first = await ConnectAsync())
        {
            await BootAsync(first, Boot);
            await AnswerConfigurationAsync(first, "Accepted");
            await WaitForConfiguredAsync(1);
            // An operator changes a key on the charger: what was found after its boot may no longer hold.
            var change = _cs.Client("CP-1").ChangeConfigurationAsync(new ChangeConfigurationRequest { Key = "MeterValueSampleInterval", Value = "300" });
            var call = await first.ReceiveFrameAsync();
            call[2]!.Value<string>().Should().Be("ChangeConfiguration");
            await first.SendAsync($$"""[3,"{{call[1]}}",{"status":"Accepted"}]""");
            (await change).Status.Should().Be(ConfigurationStatus.Accepted);
        }

        await using var again = await ConnectAsync();
        await BootAsync(again, Boot);
        (await AnswerConfigurationAsync(again, "Accepted")).Should().Equal("GetConfiguration", "ChangeConfiguration", "ChangeConfiguration");
        await WaitForConfiguredAsync(2);
    }

    private Task<RawOcppClient> ConnectAsync() => RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), "CP-1", "key-CP-1");

    private static async Task BootAsync(RawOcppClient client, string payload)
    {
        var reply = await client.ExchangeAsync($$"""[2,"boot","BootNotification",{{payload}}]""");
        reply[2]!["status"]!.Value<string>().Should().Be("Accepted");
    }

    /// <summary>Answers the three configuration CALLs (the ChangeConfigurations with <paramref name="changeStatus"/>)
    /// and returns their actions in order.</summary>
    private static async Task<List<string>> AnswerConfigurationAsync(RawOcppClient client, string changeStatus)
    {
        var actions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var call = await client.ReceiveFrameAsync(TimeSpan.FromSeconds(30));
            var action = call[2]!.Value<string>()!;
            actions.Add(action);
            var payload = action == "GetConfiguration"
                ? """{"configurationKey":[{"key":"ChargingScheduleAllowedChargingRateUnit","readonly":true,"value":"Current"},{"key":"ChargeProfileMaxStackLevel","readonly":true,"value":"3"}]}"""
                : $$"""{"status":"{{changeStatus}}"}""";
            await client.SendAsync($$"""[3,"{{call[1]}}",{{payload}}]""");
        }

        return actions;
    }

    private async Task WaitForConfiguredAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (_configured)
            {
                if (_configured.Count >= count)
                {
                    _configured.Should().HaveCount(count);
                    return;
                }
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the host hears that charger CP-1 is configured");
            await Task.Delay(20);
        }
    }

    /// <summary>The configuration, had it been asked for, goes out before the host hears of it; so once the host has,
    /// the next CALL the charger sees is one the test sends now.</summary>
    private async Task NextCallShouldBeOursAsync(RawOcppClient client)
    {
        var ours = _cs.Client("CP-1").ChangeAvailabilityAsync(new ChangeAvailabilityRequest { ConnectorId = 1, Type = AvailabilityType.Operative });
        var call = await client.ReceiveFrameAsync(TimeSpan.FromSeconds(30));
        call[2]!.Value<string>().Should().Be("ChangeAvailability", "no GetConfiguration or ChangeConfiguration was sent after the second boot");
        await client.SendAsync($$"""[3,"{{call[1]}}",{"status":"Accepted"}]""");
        (await ours).Status.Should().Be(AvailabilityStatus.Accepted);
    }
}
