namespace OliMove.Ocpp.Messages;

/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>
public enum DiagnosticsStatus
{
    Idle,
    Uploaded,
    UploadFailed,
    Uploading,
}
