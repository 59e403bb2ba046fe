package kioskapp

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procGetConsoleProcessList = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetConsoleProcessList")
	procGetConsoleWindow      = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetConsoleWindow")
	procShowWindow            = windows.NewLazySystemDLL("user32.dll").NewProc("ShowWindow")
)

// hideOwnConsole hides the console window that Windows opened for kiosk.exe
// alone: started from Explorer, a shortcut, the Startup folder or the Task
// Scheduler. kiosk.exe is a console program so that doctor, enrol, export
// and hash-pin print and read in a Command Prompt; a kiosk window started
// there keeps that console (with the log) visible. Hiding, not
// FreeConsole, keeps standard error valid.
func hideOwnConsole() {
	var pids [2]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	if n != 1 { // no console, or one shared with the shell that started us
		return
	}
	if hwnd, _, _ := procGetConsoleWindow.Call(); hwnd != 0 {
		procShowWindow.Call(hwnd, 0 /* SW_HIDE */)
	}
}
