using System.Security.Cryptography;
using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

public sealed class RandomIdGenerator : IIdGenerator
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    public Guid NewGuid() => Guid.NewGuid();
}
