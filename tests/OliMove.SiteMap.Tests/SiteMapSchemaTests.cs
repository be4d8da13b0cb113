using NJsonSchema;

namespace OliMove.SiteMap.Tests;

/// <summary>The published JSON Schema checks the examples, and rejects nothing the loader accepts as valid.</summary>
public class SiteMapSchemaTests
{
    private static readonly Lazy<Task<JsonSchema>> Schema =
        new(() => JsonSchema.FromFileAsync(SiteMapFiles.Path("site-map.schema.json")));

    private const string Header = """
        site:
          id: t
        gridConnection:
          limitA: 100
        circuits:
          - id: main
            limitA: 63

        """;

    private const string OneChargePoint = """
        chargePoints:
          - chargePointId: CP1
            circuit: main
            chargingRateUnit: A
            connectors:
              - connectorId: 1
                evseId: E1
                connectionType: Type2
                ratedPowerW: 7400

        """;

    [Theory]
    [InlineData("demo.yaml")]
    [InlineData("minimal.yaml")]
    public async Task Example_is_valid_against_the_schema(string name)
    {
        var yaml = await File.ReadAllTextAsync(SiteMapFiles.Path(name));

        var errors = (await Schema.Value).Validate(YamlToJson.Convert(yaml));

        errors.Select(e => e.ToString()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("demo.yaml")]
    [InlineData("minimal.yaml")]
    public async Task Example_points_editors_at_the_schema(string name)
    {
        var firstLine = (await File.ReadAllLinesAsync(SiteMapFiles.Path(name)))[0];

        firstLine.Should().Be("# yaml-language-server: $schema=./site-map.schema.json");
    }

    public static TheoryData<string, string> MapsTheSchemaRejects => new()
    {
        { "unknown top-level key", Header + "chargePoints: []\ncolour: red\n" },
        { "missing gridConnection", "site: { id: t }\ncircuits: [ { id: main, limitA: 63 } ]\nchargePoints: []\n" },
        { "circuit without a limit", "site: { id: t }\ngridConnection: { limitA: 100 }\ncircuits: [ { id: main } ]\nchargePoints: []\n" },
        { "zero limit", "site: { id: t }\ngridConnection: { limitA: 100 }\ncircuits: [ { id: main, limitA: 0 } ]\nchargePoints: []\n" },
        { "limit given as quoted text", "site: { id: t }\ngridConnection: { limitA: \"100\" }\ncircuits: [ { id: main, limitA: 63 } ]\nchargePoints: []\n" },
        { "empty circuit list", "site: { id: t }\ngridConnection: { limitA: 100 }\ncircuits: []\nchargePoints: []\n" },
        { "single-phase connector without phase", Header + OneChargePoint + "        phases: 1\n" },
        { "three-phase connector with phase", Header + OneChargePoint + "        phases: 3\n        phase: L1\n" },
        { "two phases", Header + OneChargePoint + "        phases: 2\n" },
        { "minimum current below 6 A", Header + OneChargePoint + "        phases: 1\n        phase: L1\n        minCurrentA: 5\n" },
        { "unknown connection type", Header + OneChargePoint.Replace("Type2", "Type9", StringComparison.Ordinal) + "        phases: 3\n" },
        { "charging rate unit kW", Header + OneChargePoint.Replace("chargingRateUnit: A", "chargingRateUnit: kW", StringComparison.Ordinal) + "        phases: 3\n" },
        { "chargePointId read as a number", Header + OneChargePoint.Replace("CP1", "0042", StringComparison.Ordinal) + "        phases: 3\n" },
        { "malformed key hash", Header + OneChargePoint.Replace("circuit: main", "circuit: main\n    authorizationKeyHash: secret", StringComparison.Ordinal) + "        phases: 3\n" },
        { "no connectors", Header + "chargePoints:\n  - { chargePointId: CP1, circuit: main, chargingRateUnit: A, connectors: [] }\n" },
        { "connector id 0", Header + "chargePoints:\n  - { chargePointId: CP1, circuit: main, chargingRateUnit: A, connectors: [ { connectorId: 0, evseId: E1, connectionType: Type2, ratedPowerW: 11000, phases: 3 } ] }\n" },
        { "other load both reserved and metered", Header + "chargePoints: []\notherLoads:\n  - { id: lift, circuit: main, reservedW: 1000, meteredWorstCaseW: 5000 }\n" },
        { "other load with neither", Header + "chargePoints: []\notherLoads:\n  - { id: lift, circuit: main }\n" },
        { "modbus port out of range", Header + "chargePoints: []\npvInverters:\n  - { id: pv, circuit: main, ratedPowerW: 1000, modbus: { host: h, port: 0 } }\n" },
        { "battery without capacity", Header + "chargePoints: []\nbatteries:\n  - { id: b, circuit: main, usableEnergyWh: 1000 }\n" },
        { "blank site id", "site: { id: \" \" }\ngridConnection: { limitA: 100 }\ncircuits: [ { id: main, limitA: 63 } ]\nchargePoints: []\n" },
    };

    [Theory]
    [MemberData(nameof(MapsTheSchemaRejects))]
    public async Task A_map_the_schema_rejects_is_rejected_by_the_loader_too(string problem, string yaml)
    {
        var schemaErrors = (await Schema.Value).Validate(YamlToJson.Convert(yaml));
        var loaderErrors = SiteMapLoader.LoadString(yaml).Errors;

        schemaErrors.Should().NotBeEmpty($"the schema should reject: {problem}");
        loaderErrors.Should().NotBeEmpty($"the loader should reject: {problem}");
    }

    [Fact]
    public async Task A_complete_valid_map_passes_both()
    {
        var yaml = Header + OneChargePoint + "        phases: 1\n        phase: L2\n        minCurrentA: 8\n" + """
            pvInverters:
              - { id: pv, circuit: main, ratedPowerW: 10000, modbus: { host: 10.0.0.2 } }
            batteries:
              - { id: b, circuit: main, capacityWh: 10000, usableEnergyWh: 9000 }
            otherLoads:
              - { id: lift, circuit: main, meteredWorstCaseW: 5000 }
            """;

        (await Schema.Value).Validate(YamlToJson.Convert(yaml)).Select(e => e.ToString()).Should().BeEmpty();
        SiteMapLoader.LoadString(yaml).Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_map_with_meters_and_a_single_phase_load_passes_both()
    {
        var yaml = Header + OneChargePoint + "        phases: 3\n" + """
            otherLoads:
              - { id: lift, circuit: main, meteredWorstCaseW: 5000, phases: 1, phase: L3 }
              - { id: lights, circuit: main, reservedW: 500 }
            meters:
              - { id: grid, gridConnection: true, modbus: { host: 10.0.0.3 } }
              - id: lift-meter
                otherLoad: lift
                modbus: { host: 10.0.0.4, unitId: 2 }
                registers:
                  table: Input
                  totalPowerW: { address: 52, type: Float32, wordOrder: LowFirst }
                  phasePowerW: [{ address: 12, type: Int32, scale: 0.1, byteOrder: LowFirst }]
            """;

        (await Schema.Value).Validate(YamlToJson.Convert(yaml)).Select(e => e.ToString()).Should().BeEmpty();
        SiteMapLoader.LoadString(yaml).Errors.Should().BeEmpty();
    }
}
