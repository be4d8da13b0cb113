namespace OliMove.SiteMap.Model;

/// <summary>Encoding of a register-map point; the 32-bit types take two registers.</summary>
public enum MeterValueType
{
    Int16,
    UInt16,
    Int32,
    UInt32,
    Float32,
}
