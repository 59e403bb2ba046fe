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
// FreeConsole, keeps standard error valid. It reports whether no console
// shows the log now (it hid one, or there was none): the log then also
// goes to a file (logfile.go).
func hideOwnConsole() bool {
	var pids [2]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	if n == 0 { // no console at all: nothing shows the log either
		return true
	}
	if n != 1 { // a console shared with the shell that started us
		return false
	}
	hwnd, _, _ := procGetConsoleWindow.Call()
	if hwnd == 0 { // a console without a window: nothing shows the log
		return true
	}
	procShowWindow.Call(hwnd, 0 /* SW_HIDE */)
	return true
}
