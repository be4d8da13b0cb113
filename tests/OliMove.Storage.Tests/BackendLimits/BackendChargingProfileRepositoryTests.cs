namespace OliMove.Storage.Tests;

public sealed class BackendChargingProfileRepositoryTests : RegisteredSiteTests
{
    private BackendChargingProfileRepository Repository => new(Db);

    private static BackendChargingProfileRecord Profile(int id, int connector, string purpose, int stack, long? tx = null, string cp = "CP-1") =>
        new(cp, id, connector, purpose, stack, tx, $"{{\"chargingProfileId\":{id}}}", T0);

    [Fact]
    public async Task Same_id_or_same_stack_level_and_purpose_on_the_connector_replaces_the_stored_profile()
    {
        (await Repository.PutAsync(Profile(1, 0, "ChargePointMaxProfile", 0))).Should().Be(0);
        (await Repository.PutAsync(Profile(2, 0, "TxDefaultProfile", 1))).Should().Be(0);

        (await Repository.PutAsync(Profile(1, 0, "ChargePointMaxProfile", 3))).Should().Be(1, "same chargingProfileId");
        (await Repository.PutAsync(Profile(7, 0, "TxDefaultProfile", 1))).Should().Be(1, "same stackLevel and purpose on connector 0");
        (await Repository.PutAsync(Profile(8, 2, "TxDefaultProfile", 1))).Should().Be(0, "a connector's default stands next to connector 0's (OCPP 1.6 §3.13.1)");
        (await Repository.PutAsync(Profile(1, 0, "TxDefaultProfile", 0, cp: "CP-2"))).Should().Be(0, "ids are per charger");

        var stored = await Repository.ListAsync();
        stored.Select(p => (p.ChargePointId, p.ProfileId, p.StackLevel)).Should().Equal(("CP-1", 1, 3), ("CP-1", 7, 1), ("CP-1", 8, 1), ("CP-2", 1, 0));
    }

    [Fact]
    public async Task Clear_by_id_ignores_the_other_criteria_and_by_criteria_matches_every_given_one()
    {
        await Repository.PutAsync(Profile(1, 0, "ChargePointMaxProfile", 0));
        await Repository.PutAsync(Profile(2, 1, "TxDefaultProfile", 0));
        await Repository.PutAsync(Profile(3, 2, "TxDefaultProfile", 0));
        await Repository.PutAsync(Profile(4, 2, "TxDefaultProfile", 1));

        (await Repository.ClearAsync("CP-1", new BackendChargingProfileFilter(9, null, null, null))).Should().Be(0);
        (await Repository.ClearAsync("CP-1", new BackendChargingProfileFilter(1, 2, "TxProfile", 5))).Should().Be(1);
        (await Repository.ClearAsync("CP-1", new BackendChargingProfileFilter(null, 2, "TxDefaultProfile", 1))).Should().Be(1);
        (await Repository.ClearAsync("CP-2", new BackendChargingProfileFilter(null, null, null, null))).Should().Be(0);
        (await Repository.ListAsync()).Select(p => p.ProfileId).Should().Equal(2, 3);
        (await Repository.ClearAsync("CP-1", new BackendChargingProfileFilter(null, null, "TxDefaultProfile", null))).Should().Be(2);
        (await Repository.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_TxProfile_goes_when_its_transaction_ends_and_the_rest_survive_a_reopen()
    {
        var transactions = new TransactionRepository(Db);
        var open = await transactions.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", 0, T0));
        var ended = await transactions.StartAsync(new NewTransaction("CP-1", 2, "TAG-B", 0, T0));
        await Repository.PutAsync(Profile(1, 1, "TxProfile", 0, open.TransactionId));
        await Repository.PutAsync(Profile(2, 2, "TxProfile", 0, ended.TransactionId));
        await Repository.PutAsync(Profile(3, 0, "ChargePointMaxProfile", 0));
        await transactions.StopAsync(ended.TransactionId, 1000, T0.AddHours(1), null);

        (await Repository.RemoveEndedTxProfilesAsync()).Should().Be(1);

        await using var reopened = await EdgeDatabase.OpenAsync(Db.Path);
        var stored = await new BackendChargingProfileRepository(reopened).ListAsync();
        stored.Should().Equal(Profile(1, 1, "TxProfile", 0, open.TransactionId), Profile(3, 0, "ChargePointMaxProfile", 0));
    }
}
