package org.deeplowrank.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Label;
import java.awt.Panel;
import java.awt.TextField;
import java.awt.event.KeyListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;

/**
 * A column of labelled fields under section headings, each with a one-line hint in small
 * grey type under it, laid out like ImageJ's GenericDialog (labels right-aligned, fields
 * left-aligned, checkboxes across both, text fields as low as GenericDialog's). The dialogs
 * put one or two of these into a GenericDialog; the fields are read here by their id (a
 * key name), never through GenericDialog's getNext... methods, whose recording would write
 * the plain labels as keys.
 */
final class FieldPanel extends Panel {

	private static final long serialVersionUID = 1L;

	static final Font HEADING_FONT = new Font("SansSerif", Font.BOLD, 13);
	static final Font HINT_FONT = new Font("SansSerif", Font.PLAIN, 11);
	static final Color HINT_COLOR = new Color(90, 90, 90);

	private final GridBagConstraints c = new GridBagConstraints();
	private final Map<String, Component> fields = new LinkedHashMap<>();
	private final Map<String, Label> hints = new LinkedHashMap<>();
	private final KeyListener keys;
	private int row;

	/** @param keys gets the fields' key events (the dialog: Enter = OK, Esc = Cancel), or null */
	FieldPanel(final KeyListener keys) {
		super(new GridBagLayout());
		this.keys = keys;
	}

	/** A bold section heading. */
	void addHeading(final String text) {
		final Label l = new Label(text);
		l.setFont(HEADING_FONT);
		c.gridx = 0;
		c.gridy = row++;
		c.gridwidth = GridBagConstraints.REMAINDER;
		c.anchor = GridBagConstraints.WEST;
		c.insets = new Insets(row == 1 ? 0 : 8, 0, 2, 0);
		add(l, c);
	}

	/** A line of text across the panel. */
	void addText(final String text) {
		final Label l = new Label(text);
		c.gridx = 0;
		c.gridy = row++;
		c.gridwidth = GridBagConstraints.REMAINDER;
		c.anchor = GridBagConstraints.WEST;
		c.insets = new Insets(2, 0, 2, 0);
		add(l, c);
	}

	Choice addChoice(final String id, final String label, final List<String> items, final String selected,
		final String hint)
	{
		final Choice ch = new Choice();
		for (final String item : items)
			ch.add(item);
		if (selected != null && items.contains(selected)) ch.select(selected);
		return labelled(id, label, ch, hint);
	}

	TextField addField(final String id, final String label, final String text, final int columns, final String hint) {
		final TextField tf = new CompactTextField(text, columns);
		if (IJ.isLinux()) tf.setBackground(Color.white);
		return labelled(id, label, tf, hint);
	}

	/** A text field with a "Browse..." button that picks a folder. */
	TextField addFolder(final String id, final String label, final String text, final String hint) {
		final TextField tf = new CompactTextField(text, 24);
		if (IJ.isLinux()) tf.setBackground(Color.white);
		if (keys != null) tf.addKeyListener(keys);
		final Button browse = new Button("Browse...");
		browse.addActionListener(e -> {
			final String dir = IJ.getDirectory(label);
			if (dir != null) tf.setText(dir);
		});
		final Panel p = new Panel(new FlowLayout(FlowLayout.LEFT, 0, 0));
		p.add(tf);
		p.add(browse);
		labelled(id, label, p, hint);
		fields.put(id, tf);
		return tf;
	}

	Checkbox addCheckbox(final String id, final String label, final boolean state, final String hint) {
		final Checkbox cb = new Checkbox(label, state);
		if (keys != null) cb.addKeyListener(keys);
		c.gridx = 0;
		c.gridy = row++;
		c.gridwidth = 2;
		c.anchor = GridBagConstraints.WEST;
		c.insets = new Insets(3, 20, 0, 0);
		add(cb, c);
		addHint(id, hint, 0, 40);
		fields.put(id, cb);
		return cb;
	}

	private <T extends Component> T labelled(final String id, final String label, final T field, final String hint) {
		c.gridx = 0;
		c.gridy = row;
		c.gridwidth = 1;
		c.anchor = GridBagConstraints.EAST;
		c.insets = new Insets(3, 0, 0, 4);
		add(new Label(label), c);
		c.gridx = 1;
		c.gridy = row++;
		c.anchor = GridBagConstraints.WEST;
		c.insets = new Insets(3, 0, 0, 0);
		// choices as wide as the widest, like one column of buttons; text fields as typed
		c.fill = field instanceof Choice ? GridBagConstraints.HORIZONTAL : GridBagConstraints.NONE;
		add(field, c);
		c.fill = GridBagConstraints.NONE;
		if (keys != null && !(field instanceof Panel)) field.addKeyListener(keys);
		addHint(id, hint, 1, 2);
		fields.put(id, field);
		return field;
	}

	/** The hint line under a field: from grid column {@code x} on, {@code left} pixels in. */
	private void addHint(final String id, final String hint, final int x, final int left) {
		final HintLabel h = new HintLabel(hint == null ? "" : hint);
		c.gridx = x;
		c.gridy = row++;
		c.gridwidth = GridBagConstraints.REMAINDER;
		c.anchor = GridBagConstraints.WEST;
		c.insets = new Insets(0, left, 0, 0);
		add(h, c);
		hints.put(id, h);
	}

	/** The field with this id (a Choice, TextField or Checkbox), or null. */
	Component field(final String id) {
		return fields.get(id);
	}

	/** The hint label of a field, for hints that follow the field's value. */
	Label hint(final String id) {
		return hints.get(id);
	}

	/** The ids of the fields, in order. */
	Iterable<String> ids() {
		return fields.keySet();
	}

	/** The current text of a field: the selected item, the text, or "true"/"false". */
	String value(final String id) {
		final Component f = fields.get(id);
		if (f instanceof Choice) return ((Choice) f).getSelectedItem();
		if (f instanceof TextField) return ((TextField) f).getText().trim();
		if (f instanceof Checkbox) return Boolean.toString(((Checkbox) f).getState());
		return null;
	}

	/** A text field as low as GenericDialog's (AWT's own is a third taller on Linux). */
	static final class CompactTextField extends TextField {

		private static final long serialVersionUID = 1L;

		CompactTextField(final String text, final int columns) {
			super(text, columns);
		}

		@Override
		public Dimension getMinimumSize() {
			final Dimension d = super.getMinimumSize();
			return d == null ? null : new Dimension(d.width, d.height * 3 / 4);
		}

		@Override
		public Dimension getPreferredSize() {
			return getMinimumSize();
		}
	}

	/**
	 * A hint: small and grey, and as wide as the widest text it will be given
	 * ({@link #reserve}), so that hints which follow a choice are never cut.
	 */
	static final class HintLabel extends Label {

		private static final long serialVersionUID = 1L;
		private int reserved;

		HintLabel(final String text) {
			super(text);
			setFont(HINT_FONT);
			setForeground(HINT_COLOR);
		}

		/** Makes room for these texts. */
		void reserve(final Iterable<String> texts) {
			for (final String t : texts)
				reserved = Math.max(reserved, getFontMetrics(HINT_FONT).stringWidth(t) + 12);
		}

		@Override
		public Dimension getPreferredSize() {
			final Dimension d = super.getPreferredSize();
			// one line of small type, without AWT's padding of labels
			final java.awt.FontMetrics fm = getFontMetrics(HINT_FONT);
			return new Dimension(Math.max(d.width, reserved), Math.min(d.height, fm.getHeight() + 1));
		}
	}
}
