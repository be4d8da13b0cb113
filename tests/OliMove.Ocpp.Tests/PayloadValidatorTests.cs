using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Tests;

public sealed class PayloadValidatorTests
{
    [Theory]
    [InlineData("BootNotification", """{"chargePointVendor":"V"}""", OcppErrorCode.OccurenceConstraintViolation)]
    [InlineData("BootNotification", """{"chargePointVendor":"V234567890123456789012345","chargePointModel":"M"}""", OcppErrorCode.PropertyConstraintViolation)]
    [InlineData("BootNotification", """{"chargePointVendor":42,"chargePointModel":"M"}""", OcppErrorCode.TypeConstraintViolation)]
    [InlineData("BootNotification", """{"chargePointVendor":"V","chargePointModel":"M","foo":1}""", OcppErrorCode.FormationViolation)]
    [InlineData("StatusNotification", """{"connectorId":1.0,"errorCode":"NoError","status":"Available"}""", OcppErrorCode.TypeConstraintViolation)]
    [InlineData("StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}""", OcppErrorCode.PropertyConstraintViolation)]
    [InlineData("StartTransaction", """{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"yesterday"}""", OcppErrorCode.TypeConstraintViolation)]
    [InlineData("MeterValues", """{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{}]}]}""", OcppErrorCode.OccurenceConstraintViolation)]
    [InlineData("SetChargingProfile", """{"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16.15}]}}}""", OcppErrorCode.PropertyConstraintViolation)]
    public async Task Maps_each_schema_violation_to_its_OCPP_error_code(string action, string payload, string code)
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();

        var failure = OcppPayloadValidator.Validate(schemas.FindRequest(action)!, JObject.Parse(payload));

        failure.Should().NotBeNull();
        failure!.ErrorCode.Should().Be(code);
    }

    [Fact]
    public async Task Accepts_valid_payloads_and_limits_on_the_tenth()
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        var profile = """{"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16.1}]}}}""";

        OcppPayloadValidator.Validate(schemas.FindRequest("SetChargingProfile")!, JObject.Parse(profile)).Should().BeNull();
        OcppPayloadValidator.Validate(schemas.FindRequest("Heartbeat")!, []).Should().BeNull();
    }
}
