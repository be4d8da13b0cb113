using System.Globalization;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>Applies the SampledValue defaults of OCPP 1.6 §7.43 and converts kW/kWh (and the other kilo units)
/// to base units. Signed meter data is skipped: its value is not a number.</summary>
public static class MeterSampleNormaliser
{
    public static IReadOnlyList<NormalisedSampledValue> Normalise(IReadOnlyList<MeterValue> meterValues)
    {
        // Sized once (runs on every MeterValues): no growth copies, and index loops without enumerators.
        var count = 0;
        for (var i = 0; i < meterValues.Count; i++)
        {
            count += meterValues[i].SampledValue.Count;
        }
        var samples = new List<NormalisedSampledValue>(count);
        for (var i = 0; i < meterValues.Count; i++)
        {
            var meterValue = meterValues[i];
            for (var j = 0; j < meterValue.SampledValue.Count; j++)
            {
                var sampled = meterValue.SampledValue[j];
                if (sampled.Format == ValueFormat.SignedData)
                {
                    continue;
                }
                if (!decimal.TryParse(sampled.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var raw))
                {
                    // OCPP 1.6 §7.43: a Raw value is a number as text; anything else is a bad value.
                    throw new OcppCallErrorException(OcppErrorCode.PropertyConstraintViolation,
                        $"sampled value '{Shorten(sampled.Value)}' is not a number");
                }
                // OCPP 1.6 §7.43: measurand defaults to Energy.Active.Import.Register, context to Sample.Periodic,
                // location to Outlet.
                var measurand = sampled.Measurand ?? Measurand.EnergyActiveImportRegister;
                var (value, unit) = ToBaseUnit(raw, sampled.Unit, measurand);
                samples.Add(new NormalisedSampledValue(meterValue.Timestamp, measurand, sampled.Phase,
                    sampled.Location ?? Location.Outlet, sampled.Context ?? ReadingContext.SamplePeriodic, value, unit));
            }
        }
        return samples;
    }

    private static (decimal Value, string Unit) ToBaseUnit(decimal value, UnitOfMeasure? unit, Measurand measurand) => unit switch
    {
        UnitOfMeasure.KWh => (value * 1000m, "Wh"),
        UnitOfMeasure.KW => (value * 1000m, "W"),
        UnitOfMeasure.Kvarh => (value * 1000m, "varh"),
        UnitOfMeasure.Kvar => (value * 1000m, "var"),
        UnitOfMeasure.KVA => (value * 1000m, "VA"),
        UnitOfMeasure.Celcius => (value, "Celsius"),
        { } given => (value, given.ToString()),
        // The spec's default unit is Wh, which only fits energy; chargers that omit the unit on other measurands
        // mean that measurand's natural unit.
        null => (value, DefaultUnit(measurand)),
    };

    private static string DefaultUnit(Measurand measurand) => measurand switch
    {
        Measurand.PowerActiveExport or Measurand.PowerActiveImport or Measurand.PowerOffered => "W",
        Measurand.PowerReactiveExport or Measurand.PowerReactiveImport => "var",
        Measurand.CurrentImport or Measurand.CurrentExport or Measurand.CurrentOffered => "A",
        Measurand.Voltage => "V",
        Measurand.SoC => "Percent",
        Measurand.Frequency => "Hz",
        Measurand.Temperature => "Celsius",
        Measurand.PowerFactor or Measurand.RPM => "",
        Measurand.EnergyReactiveExportRegister or Measurand.EnergyReactiveImportRegister
            or Measurand.EnergyReactiveExportInterval or Measurand.EnergyReactiveImportInterval => "varh",
        _ => "Wh",
    };

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
