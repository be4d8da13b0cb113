namespace OliMove.Storage.Tests;

public sealed class MaintenanceStatusRepositoryTests : RegisteredSiteTests
{
    private MaintenanceStatusRepository Repository => new(Db);

    [Fact]
    public async Task A_charge_point_that_never_reported_has_no_status()
    {
        var status = await Repository.GetAsync("CP-1");

        status.Should().Be(new MaintenanceStatus("CP-1", null, null, null, null));
    }

    [Fact]
    public async Task Keeps_the_latest_firmware_and_diagnostics_status_apart_and_ignores_an_older_report()
    {
        await Db.WriteAsync(scope => Repository.RecordFirmwareStatusAsync(scope, "CP-1", "Downloading", T0));
        await Db.WriteAsync(scope => Repository.RecordFirmwareStatusAsync(scope, "CP-1", "Installed", T0.AddMinutes(5)));
        await Db.WriteAsync(scope => Repository.RecordDiagnosticsStatusAsync(scope, "CP-1", "Uploaded", T0.AddMinutes(1)));
        // Delivered late after a reconnect: older than what is stored, so it changes nothing.
        await Db.WriteAsync(scope => Repository.RecordFirmwareStatusAsync(scope, "CP-1", "Downloaded", T0.AddMinutes(2)));

        var status = await Repository.GetAsync("CP-1");

        status.Should().Be(new MaintenanceStatus("CP-1", "Installed", T0.AddMinutes(5), "Uploaded", T0.AddMinutes(1)));
        (await Repository.GetAsync("CP-2")).FirmwareStatus.Should().BeNull("each charge point has its own row");
    }
}
