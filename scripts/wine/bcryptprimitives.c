/*
 * A stand-in for Windows' bcryptprimitives.dll, for Wine 8.0 (Debian 12's)
 * only, which lacks it. Go's runtime (1.22 and later) takes its random
 * bytes from ProcessPrng in that DLL and stops at start without it
 * ("fatal error: bcryptprimitives.dll not found"). This one answers
 * ProcessPrng from RtlGenRandom (advapi32's SystemFunction036), which Wine
 * has. scripts/test-windows.sh builds it with mingw-w64 into the throwaway
 * Wine prefix's system32; it never ships, and a real Windows (8 and later)
 * has its own.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
