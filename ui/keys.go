package ui

import "charm.land/bubbles/v2/key"

// keyMap is every key binding of the wizard: the keys that work
// everywhere, then one set per screen, so what a key does on a screen is
// found in one place. The help line of each screen lists its own set.
type keyMap struct {
	Global struct {
		Help, Quit, Interrupt key.Binding
	}
	// QuitAsk answers "quit with the DEP token half renewed?"; esc stays too.
	QuitAsk struct {
		Yes, No, Stay key.Binding
	}
	// StartOver answers "start over?" on the offer to resume a reset.
	StartOver struct {
		Yes, No, Stay key.Binding
		Scroll        scrollKeys
	}
	// Menu is every screen that asks one question with a list of answers.
	Menu    menuKeys
	Caveats struct {
		Start, More, Upload, Back key.Binding
		Scroll                    scrollKeys
	}
	Walk struct {
		Next, More, Confirm, Back key.Binding
		Scroll                    scrollKeys
	}
	Picker struct {
		Up, Down, PageUp, PageDown, Top, Bottom     key.Binding
		Open, Parent, Paste, Hidden, Hint, Back     key.Binding
		Filter, TokensOnly, FilterDone, FilterClear key.Binding
	}
	Paste struct {
		Check, Clear, Back key.Binding
	}
	// Topic takes the push topic typed from the MDM.
	Topic struct {
		Compare, Back key.Binding
		Scroll        scrollKeys
	}
	Verdict struct {
		menuKeys
		Scroll scrollKeys
	}
	Confirm struct {
		Yes, No, Back key.Binding
		Scroll        scrollKeys
	}
	// Trouble is the confirmation screen once the portal refused the file.
	Trouble struct {
		PickAgain, Back key.Binding
		Scroll          scrollKeys
	}
	Done struct {
		Leave  key.Binding
		Scroll scrollKeys
	}
}

// menuKeys move through a list of answers and choose one.
type menuKeys struct {
	Up, Down, Choose, Back key.Binding
	Move                   key.Binding // short help only: up and down as one entry
	Number, Letter         key.Binding // help only: a number chooses, a letter jumps
	Scroll                 scrollKeys  // the text above the menu, when it does not fit (not the arrows)
}

// scrollKeys scroll a block of text taller than the screen.
type scrollKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func newKeyMap() keyMap {
	bind := func(keys []string, k, help string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, help))
	}
	up := bind([]string{"up", "k"}, "↑/k", "up")
	down := bind([]string{"down", "j"}, "↓/j", "down")
	back := bind([]string{"esc"}, "esc", "back")
	yes := bind([]string{"y", "Y"}, "y", "yes")
	no := bind([]string{"n", "N"}, "n", "no")
	scroll := scrollKeys{
		Up:       up,
		Down:     down,
		PageUp:   bind([]string{"pgup", "K"}, "pgup", "scroll up"),
		PageDown: bind([]string{"pgdown", "J", "space"}, "pgdn", "scroll"),
		Top:      bind([]string{"home"}, "home", "top"),
		Bottom:   bind([]string{"end"}, "end", "bottom"),
	}
	// The short help names the arrows in words: the first frame then draws
	// nothing past U+02FF (see Model.draw), and a screen reader says
	// "up/down move" rather than the arrows' names.
	move := bind([]string{"up", "k", "down", "j"}, "up/down", "move")
	menu := menuKeys{Up: up, Down: down, Move: move, Choose: bind([]string{"enter"}, "enter", "choose"), Back: back,
		Number: bind([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "choose by number"),
		Letter: bind([]string{"a"}, "letter", "jump to it (not j, k, q)"), Scroll: scroll}

	var k keyMap
	k.Global.Help = bind([]string{"?"}, "?", "more keys")
	k.Global.Quit = bind([]string{"q"}, "q", "quit")
	k.Global.Interrupt = bind([]string{"ctrl+c"}, "ctrl+c", "quit now")
	k.QuitAsk.Yes, k.QuitAsk.No, k.QuitAsk.Stay = yes, no, back
	k.StartOver.Yes = bind([]string{"y", "Y"}, "y", "start over")
	k.StartOver.No = bind([]string{"n", "N"}, "n", "go back")
	k.StartOver.Stay, k.StartOver.Scroll = back, scroll
	k.Menu, k.Verdict.menuKeys, k.Verdict.Scroll = menu, menu, scroll
	k.Caveats.Start = bind([]string{"enter"}, "enter", "start")
	k.Caveats.More = bind([]string{"enter"}, "enter", "more")
	k.Caveats.Upload = bind([]string{"u", "U"}, "u", "upload it instead")
	k.Caveats.Back, k.Caveats.Scroll = back, scroll
	k.Walk.Next = bind([]string{"enter"}, "enter", "next step")
	k.Walk.More = bind([]string{"enter"}, "enter", "more")
	k.Walk.Confirm = bind([]string{"y", "Y"}, "y", "confirm")
	k.Walk.Back, k.Walk.Scroll = back, scroll
	k.Picker.Up, k.Picker.Down, k.Picker.Back = up, down, back
	k.Picker.Open = bind([]string{"l", "right", "enter"}, "enter", "open/select")
	k.Picker.Parent = bind([]string{"h", "left", "backspace"}, "←/h", "parent folder")
	k.Picker.Paste = bind([]string{"p"}, "p", "paste text instead")
	k.Picker.Hidden = bind([]string{"."}, ".", "hidden files")
	k.Picker.Hint = bind([]string{"v"}, "v", "what is it? (a hint)")
	k.Picker.PageUp = bind([]string{"pgup"}, "pgup", "page up")
	k.Picker.PageDown = bind([]string{"pgdown"}, "pgdn", "page down")
	k.Picker.Top = bind([]string{"home", "g"}, "home/g", "first")
	k.Picker.Bottom = bind([]string{"end", "G"}, "end/G", "last")
	k.Picker.Filter = bind([]string{"/"}, "/", "filter")
	k.Picker.TokensOnly = bind([]string{"t"}, "t", "token files only")
	k.Picker.FilterDone = bind([]string{"enter"}, "enter", "keep filter")
	k.Picker.FilterClear = bind([]string{"esc"}, "esc", "clear filter")
	k.Paste.Check = bind([]string{"ctrl+d"}, "ctrl+d", "check")
	k.Paste.Clear = bind([]string{"ctrl+u"}, "ctrl+u", "clear")
	k.Paste.Back = back
	k.Topic.Compare = bind([]string{"enter"}, "enter", "compare")
	k.Topic.Back, k.Topic.Scroll = back, scroll
	k.Confirm.Yes, k.Confirm.No, k.Confirm.Back, k.Confirm.Scroll = yes, no, back, scroll
	k.Trouble.PickAgain = bind([]string{"p"}, "p", "pick another file")
	k.Trouble.Back, k.Trouble.Scroll = back, scroll
	k.Done.Leave = bind([]string{"enter"}, "enter", "leave")
	k.Done.Scroll = scroll
	return k
}

// bindings is a screen's help: a short line and the full list for "?".
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (b bindings) ShortHelp() []key.Binding { return b.short }

// FullHelp implements help.KeyMap.
func (b bindings) FullHelp() [][]key.Binding { return b.full }

// helpFor builds a screen's help from its own keys plus the global ones.
func (k keyMap) helpFor(screenKeys ...key.Binding) bindings {
	g := k.Global
	short := append(append([]key.Binding{}, screenKeys...), g.Help, g.Quit)
	return bindings{
		short: short,
		full:  [][]key.Binding{screenKeys, {g.Help, g.Quit, g.Interrupt}},
	}
}
