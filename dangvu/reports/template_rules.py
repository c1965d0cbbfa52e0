"""What an uploaded Word template may say, and the sandbox that renders it.

A report template is written by an office in Word and rendered on the server, so it is
untrusted code. Jinja, which docxtpl uses, is a programming language: left to itself, a
placeholder such as ``{{ self.__init__.__globals__ }}`` reaches Python and the database.
Three layers keep a template to what the documentation promises:

1. **An allow-list of the syntax tree.** Every template source the environment parses is
   walked before it is compiled (`check_tree`): only the documented placeholders (with
   their types), the documented filters and tests, ``if`` and ``for`` over the documented
   lists (at most `MAX_LOOP_DEPTH` deep), comparisons, ``and``/``or``/``not``, ``~`` and
   ``+``/``-`` on numbers are accepted. Anything else (a call, an unknown name, an
   attribute that is not a documented field, ``set``, ``include``, ``macro``…) is refused
   with a Vietnamese message naming the offending expression.
2. **A sandbox at run time** (`RuntimeSandbox`), should anything pass the first layer: no
   globals (no ``range``, ``lipsum``, ``cycler``, ``joiner``, ``namespace``, ``dict``),
   only the allowed filters and tests, no attribute of any Python object except the
   loop's counters (fields are dictionary keys), no call at all, no ``* / // % **``, and
   a bound on the size of what one template writes.
3. **Plain data.** The context holds strings, numbers, booleans, lists and dictionaries
   of those, and charts wrapped in `Picture`, which exposes nothing a template can read.

The placeholders, filters and tests are declared here once; docs/report-template.md is
checked against them by a test, and the template page lists them from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

# ---------------------------------------------------------------------------------------------
# Types of the values a template can reach
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Type:
    """The type of a value in the template's context, as the checker sees it."""

    kind: str  # text, number, flag, scalar, picture, list, record, figures, loop
    label: str
    item: Type | None = None
    fields: tuple[tuple[str, Type], ...] = field(default=())

    @property
    def scalar(self) -> bool:
        return self.kind in ("text", "number", "flag", "scalar")

    def field_type(self, name: str) -> Type | None:
        return dict(self.fields).get(name)


TEXT = Type("text", "chữ")
NUMBER = Type("number", "số")
FLAG = Type("flag", "đúng/sai")
SCALAR = Type("scalar", "giá trị")
PICTURE = Type("picture", "ảnh")
FIGURES = Type("figures", "bảng số liệu theo mã chỉ tiêu")
LOOP = Type("loop", "biến vòng lặp")
SECTION = Type(
    "record",
    "phần báo cáo",
    fields=(
        ("key", TEXT),
        ("name", TEXT),
        ("title", TEXT),
        ("paragraphs", Type("list", "danh sách đoạn văn", item=TEXT)),
        ("charts", Type("list", "danh sách biểu đồ", item=PICTURE)),
    ),
)
SECTIONS = Type("list", "danh sách các phần", item=SECTION)
# The sections by their stable key (dangvu.reports.prose.SECTION_KEYS); a section without
# content is there too, with an empty title and no paragraphs.
SECTION_KEYS = (
    "political",
    "organisation",
    "inspection",
    "mass_mobilisation",
    "emulation",
    "tasks",
)
SECTIONS_BY_KEY = Type(
    "record", "các phần theo tên", fields=tuple((key, SECTION) for key in SECTION_KEYS)
)

# The counters of a loop (`loop.index` …); nothing else of it (no `cycle`, no `changed`).
LOOP_ATTRS = {
    "index": NUMBER,
    "index0": NUMBER,
    "revindex": NUMBER,
    "revindex0": NUMBER,
    "first": FLAG,
    "last": FLAG,
    "length": NUMBER,
}
# Loops nest at most this deep; the default template needs two (sections, paragraphs).
MAX_LOOP_DEPTH = 3
# What one template source may write, in characters: a real report's body is some tens
# of thousands (the XML of its text; pictures are separate parts), so this is a thousand
# times that, and still far below what would exhaust the server.
MAX_OUTPUT_CHARS = 20_000_000


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    type: Type = TEXT


PLACEHOLDERS = [
    Placeholder(
        "superior_line",
        "Dòng tổ chức đảng cấp trên trên tên cơ quan ban hành, chữ in hoa (ĐẢNG BỘ TỈNH …): "
        "theo sơ đồ tổ chức, tổ chức cao nhất thì theo «Thể thức báo cáo»",
    ),
    Placeholder("superior_name", "Như superior_line (tên cũ, vẫn dùng được)"),
    Placeholder("issuing_body", "Cơ quan ban hành, chữ in hoa (ĐẢNG ỦY KHỐI …)"),
    Placeholder("organisation_name", "Tên tổ chức đảng (Đảng bộ Khối …)"),
    Placeholder("organisation_code", "Mã tổ chức"),
    Placeholder("number", "Số văn bản («15-BC/ĐU»; để trống nếu sổ văn bản chưa cấp số)"),
    Placeholder(
        "place", "Địa danh (ghi ở «Thể thức báo cáo», trang «Mẫu báo cáo năm»; chưa ghi thì «…………»)"
    ),
    Placeholder("place_set", "Đã ghi địa danh hay chưa (đúng/sai)", FLAG),
    Placeholder("date", "Ngày lập, dạng «ngày 30 tháng 01 năm 2024»"),
    Placeholder("year", "Năm báo cáo", NUMBER),
    Placeholder("next_year", "Năm tiếp theo", NUMBER),
    Placeholder("summary", "Trích yếu (dòng dưới chữ BÁO CÁO)"),
    Placeholder("introduction", "Đoạn mở đầu"),
    Placeholder(
        "sections",
        "Các phần của báo cáo; mỗi phần có title (tiêu đề), paragraphs (các đoạn) và "
        "charts (biểu đồ)",
        SECTIONS,
    ),
    Placeholder(
        "section_by_key",
        "Các phần theo tên, để mẫu tự xếp thứ tự: section_by_key.political (tuyên giáo; từ "
        "năm hợp nhất: tuyên giáo và dân vận), .organisation (tổ chức xây dựng Đảng), "
        ".inspection (kiểm tra, giám sát), .mass_mobilisation (dân vận), .emulation (thi "
        "đua, khen thưởng), .tasks (nhiệm vụ năm sau); mỗi phần có name (tiêu đề không số "
        "thứ tự), title, paragraphs, charts",
        SECTIONS_BY_KEY,
    ),
    Placeholder("chart_members", "Biểu đồ số đảng viên qua các năm (ảnh)", PICTURE),
    Placeholder("chart_admissions", "Biểu đồ kết nạp đảng viên so với kế hoạch (ảnh)", PICTURE),
    Placeholder(
        "figures",
        "Số liệu theo mã chỉ tiêu, đã định dạng: figures['members.end'] → «5.136»",
        FIGURES,
    ),
    Placeholder("signing_body", "Thẩm quyền ký («T/M BAN THƯỜNG VỤ»)"),
    Placeholder("signer_title", "Chức vụ người ký («BÍ THƯ»)"),
    Placeholder("signer_name", "Họ tên bí thư ngày lập báo cáo (theo hồ sơ cán bộ)"),
    Placeholder("superior_recipient", "Cấp ủy cấp trên trong «Nơi nhận»"),
    Placeholder(
        "recipients",
        "Nơi nhận, mỗi dòng đã có dấu «-» đầu và dấu phẩy, dấu chấm cuối («- Lưu Văn "
        "phòng.»): {%p for r in recipients %}{{ r }}{%p endfor %}",
        Type("list", "danh sách nơi nhận", item=TEXT),
    ),
    Placeholder("has_data", "Có số liệu trong năm hay không (đúng/sai)", FLAG),
]
NAMES = {p.name for p in PLACEHOLDERS}
TYPES = {p.name: p.type for p in PLACEHOLDERS}


@dataclass(frozen=True)
class Rule:
    """A filter or test a template may use, and what it means (shown on the template page)."""

    name: str
    meaning: str


FILTERS = [
    Rule("upper", "chữ in hoa: {{ organisation_name|upper }}"),
    Rule("lower", "chữ thường"),
    Rule("capitalize", "viết hoa chữ đầu"),
    Rule("title", "viết hoa chữ đầu mỗi từ"),
    Rule("trim", "bỏ khoảng trắng ở hai đầu"),
    Rule("default", "giá trị thay khi trống: {{ signer_name|default('…………', true) }}"),
    Rule("length", "số phần tử của danh sách, số ký tự của chữ"),
    Rule("count", "như length"),
    Rule("first", "phần tử đầu của danh sách"),
    Rule("last", "phần tử cuối của danh sách"),
    Rule("join", "nối danh sách chữ: {{ section.paragraphs|join(' ') }}"),
]
TESTS = [
    Rule("defined", "có giá trị: {% if signer_name is defined %}"),
    Rule("undefined", "không có giá trị"),
    Rule("none", "giá trị rỗng (None)"),
    Rule("even", "số chẵn: {% if loop.index is even %}"),
    Rule("odd", "số lẻ"),
]
FILTER_NAMES = {r.name for r in FILTERS}
TEST_NAMES = {r.name for r in TESTS}

# The docxtpl tags a template may use (they become plain `if`/`for` before Jinja reads
# them); `colspan`, `cellbg`, `vm` and `hm` are not offered (they generate arithmetic).
DOCXTPL_TAGS = ["{%p … %}", "{%tr … %}", "{%tc … %}", "{%r … %}"]


# ---------------------------------------------------------------------------------------------
# The syntax-tree allow-list
# ---------------------------------------------------------------------------------------------


class ForbiddenTemplate(SecurityError):
    """A template that uses something outside the allow-list; `message` is in Vietnamese."""


_BINOPS = {
    nodes.Add: "+",
    nodes.Sub: "-",
    nodes.Mul: "*",
    nodes.Div: "/",
    nodes.FloorDiv: "//",
    nodes.Mod: "%",
    nodes.Pow: "**",
}
_COMPARE = {
    "eq": "==",
    "ne": "!=",
    "gt": ">",
    "gteq": ">=",
    "lt": "<",
    "lteq": "<=",
    "in": "in",
    "notin": "not in",
}
# Statements outside the allow-list, by the tag a template writer would have typed.
_TAGS = {
    nodes.Assign: "set",
    nodes.AssignBlock: "set",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.FilterBlock: "filter",
    nodes.With: "with",
    nodes.Block: "block",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
    nodes.ExprStmt: "do",
    nodes.Scope: "autoescape",
    nodes.ScopedEvalContextModifier: "autoescape",
    nodes.EvalContextModifier: "autoescape",
    nodes.Break: "break",
    nodes.Continue: "continue",
}
_MAX_SHOWN = 160


def unparse(node: nodes.Node | None) -> str:
    """The expression as a template writer would have typed it, to name it in a message."""
    text = _unparse(node)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _args(node: nodes.Filter | nodes.Test | nodes.Call) -> str:
    parts = [_unparse(a) for a in node.args]
    parts += [f"{k.key}={_unparse(k.value)}" for k in node.kwargs]
    if node.dyn_args is not None:
        parts.append("*" + _unparse(node.dyn_args))
    if node.dyn_kwargs is not None:
        parts.append("**" + _unparse(node.dyn_kwargs))
    return ", ".join(parts)


def _unparse(node: nodes.Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_unparse(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_unparse(node.node)}[{_unparse(node.arg)}]"
    if isinstance(node, nodes.Slice):
        step = f":{_unparse(node.step)}" if node.step is not None else ""
        return f"{_unparse(node.start)}:{_unparse(node.stop)}{step}"
    if isinstance(node, nodes.Call):
        return f"{_unparse(node.node)}({_args(node)})"
    if isinstance(node, nodes.Filter):
        args = _args(node)
        return f"{_unparse(node.node)}|{node.name}" + (f"({args})" if args else "")
    if isinstance(node, nodes.Test):
        args = _args(node)
        return f"{_unparse(node.node)} is {node.name}" + (f"({args})" if args else "")
    if isinstance(node, nodes.BinExpr):
        return f"{_unparse(node.left)} {node.operator} {_unparse(node.right)}"
    if isinstance(node, nodes.Not):
        return f"not {_unparse(node.node)}"
    if isinstance(node, nodes.UnaryExpr):
        return f"{node.operator}{_unparse(node.node)}"
    if isinstance(node, nodes.Compare):
        ops = " ".join(f"{_COMPARE.get(o.op, o.op)} {_unparse(o.expr)}" for o in node.ops)
        return f"{_unparse(node.expr)} {ops}"
    if isinstance(node, nodes.CondExpr):
        other = f" else {_unparse(node.expr2)}" if node.expr2 is not None else ""
        return f"{_unparse(node.expr1)} if {_unparse(node.test)}{other}"
    if isinstance(node, nodes.Concat):
        return " ~ ".join(_unparse(n) for n in node.nodes)
    if isinstance(node, nodes.Tuple):
        return "(" + ", ".join(_unparse(n) for n in node.items) + ")"
    if isinstance(node, nodes.List):
        return "[" + ", ".join(_unparse(n) for n in node.items) + "]"
    if isinstance(node, nodes.Dict):
        return "{" + ", ".join(f"{_unparse(p.key)}: {_unparse(p.value)}" for p in node.items) + "}"
    return type(node).__name__


class _Refused(Exception):
    """A part of an expression outside the allow-list; `reason` says why, in Vietnamese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _indicator_codes() -> set[str]:
    from dangvu.reports.registry import indicators

    return {ind.code for ind in indicators()}


class _Checker:
    """Walks one template's tree; raises ForbiddenTemplate at the first thing not allowed."""

    def __init__(self, types: Mapping[str, Type] | None = None) -> None:
        self.scopes: list[dict[str, Type]] = []
        self.codes: set[str] | None = None
        # The placeholders of the template's kind: the annual report's unless given (the
        # member papers declare their own schema, dangvu.papers.schema).
        self.types: Mapping[str, Type] = TYPES if types is None else types

    # --- statements ----------------------------------------------------------------------

    def statements(self, body: Iterable[nodes.Node]) -> None:
        for node in body:
            self.statement(node)

    def statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                shown = f"{{{{ {unparse(child)} }}}}"
                kind = self.top(child, shown)
                if not (kind.scalar or kind.kind == "picture"):
                    raise ForbiddenTemplate(
                        f"Ô thay thế «{shown}» là {kind.label}, không ghi thẳng vào văn bản "
                        "được; hãy dùng vòng lặp «{%p for … in … %}» hoặc ghi một trường của "
                        "nó (xem hướng dẫn về mẫu)."
                    )
        elif isinstance(node, nodes.If):
            self.top(node.test, f"{{% if {unparse(node.test)} %}}")
            self.statements(node.body)
            for branch in node.elif_:
                self.top(branch.test, f"{{% elif {unparse(branch.test)} %}}")
                self.statements(branch.body)
            self.statements(node.else_)
        elif isinstance(node, nodes.For):
            self.loop(node)
        else:
            tag = _TAGS.get(type(node), type(node).__name__)
            raise ForbiddenTemplate(
                f"Mẫu có thẻ «{{% {tag} … %}}», không được phép trong mẫu Word: mẫu chỉ "
                "dùng các ô thay thế «{{ tên }}» và các thẻ «if», «for» (xem hướng dẫn mẫu "
                "báo cáo); hãy xóa thẻ đó."
            )

    def loop(self, node: nodes.For) -> None:
        shown = f"{{% for {unparse(node.target)} in {unparse(node.iter)} %}}"
        if node.recursive:
            raise ForbiddenTemplate(f"Vòng lặp «{shown}» không được dùng «recursive».")
        if not isinstance(node.target, nodes.Name) or node.target.name.startswith("_"):
            raise ForbiddenTemplate(
                f"Vòng lặp «{shown}» phải đặt một tên biến đơn, ví dụ «section»."
            )
        if node.target.name == "loop" or node.target.name in self.types:
            raise ForbiddenTemplate(
                f"Vòng lặp «{shown}»: tên biến «{node.target.name}» trùng tên ô thay thế; "
                "hãy đặt tên khác."
            )
        if len(self.scopes) >= MAX_LOOP_DEPTH:
            raise ForbiddenTemplate(
                f"Vòng lặp «{shown}» lồng quá {MAX_LOOP_DEPTH} tầng; mẫu Word chỉ cần "
                "lặp các phần và các đoạn của mỗi phần."
            )
        kind = self.top(node.iter, shown)
        if kind.kind != "list" or kind.item is None:
            raise ForbiddenTemplate(
                f"Vòng lặp «{shown}»: «{unparse(node.iter)}» là {kind.label}, không phải "
                "danh sách; lặp được sections, section.paragraphs, section.charts."
            )
        self.scopes.append({node.target.name: kind.item, "loop": LOOP})
        try:
            if node.test is not None:
                self.top(node.test, f"{shown[:-3]} if {unparse(node.test)} %}}")
            self.statements(node.body)
        finally:
            self.scopes.pop()
        self.statements(node.else_)

    def top(self, node: nodes.Node, shown: str) -> Type:
        """The type of a whole expression; a refused part is named with the whole."""
        what = "Ô thay thế" if shown.startswith("{{") else "Thẻ"
        try:
            return self.expr(node)
        except _Refused as exc:
            raise ForbiddenTemplate(f"{what} «{shown}» không dùng được: {exc.reason}") from None

    # --- expressions ---------------------------------------------------------------------

    def name(self, name: str) -> Type:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.types:
            return self.types[name]
        if name == "loop":
            raise _Refused("«loop» chỉ dùng được bên trong vòng lặp «for».")
        raise _Refused(
            f"«{name}» không có trong dữ liệu báo cáo. Các ô thay thế dùng được: "
            f"{', '.join(sorted(self.types))}."
        )

    def expr(self, node: nodes.Node) -> Type:
        if isinstance(node, nodes.Name):
            return self.name(node.name)
        if isinstance(node, nodes.Const):
            value = node.value
            if isinstance(value, bool):
                return FLAG
            if isinstance(value, str):
                return TEXT
            if isinstance(value, int | float):
                return NUMBER
            if value is None:
                return SCALAR
            raise _Refused(f"giá trị «{unparse(node)}» không được phép.")
        if isinstance(node, nodes.Getattr):
            return self.member(node, node.attr)
        if isinstance(node, nodes.Getitem):
            if not isinstance(node.arg, nodes.Const):
                raise _Refused(
                    f"«{unparse(node)}»: trong ngoặc vuông chỉ ghi một mã cố định trong dấu "
                    "nháy, ví dụ figures['members.end']."
                )
            return self.member(node, node.arg.value)
        if isinstance(node, nodes.Filter):
            return self.filter(node)
        if isinstance(node, nodes.Test):
            return self.test(node)
        if isinstance(node, nodes.Compare):
            left = self.expr(node.expr)
            for operand in node.ops:
                right = self.expr(operand.expr)
                if operand.op in ("in", "notin"):
                    if not (
                        right.kind == "text"
                        or (right.kind == "list" and right.item and right.item.scalar)
                    ):
                        raise _Refused(
                            f"«{unparse(node)}»: vế phải của «in» phải là chữ hoặc danh sách chữ."
                        )
                elif not right.scalar:
                    raise _Refused(f"«{unparse(node)}»: chỉ so sánh được chữ và số.")
                if operand.op not in _COMPARE:
                    raise _Refused(f"phép so sánh «{operand.op}» không được phép.")
            if not left.scalar:
                raise _Refused(f"«{unparse(node)}»: chỉ so sánh được chữ và số.")
            return FLAG
        if isinstance(node, nodes.And | nodes.Or):
            left, right = self.expr(node.left), self.expr(node.right)
            return left if left == right else SCALAR
        if isinstance(node, nodes.Not):
            self.expr(node.node)
            return FLAG
        if isinstance(node, nodes.Neg | nodes.Pos):
            if self.expr(node.node).kind != "number":
                raise _Refused(f"«{unparse(node)}»: dấu «{node.operator}» chỉ dùng với số.")
            return NUMBER
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test)
            first = self.expr(node.expr1)
            second = self.expr(node.expr2) if node.expr2 is not None else SCALAR
            if not (first.scalar and second.scalar):
                raise _Refused(f"«{unparse(node)}»: «… if … else …» chỉ chọn giữa chữ và số.")
            return first if first == second else SCALAR
        if isinstance(node, nodes.Concat):
            for part in node.nodes:
                if not self.expr(part).scalar:
                    raise _Refused(f"«{unparse(node)}»: dấu «~» chỉ nối chữ và số.")
            return TEXT
        if isinstance(node, nodes.Add | nodes.Sub):
            if self.expr(node.left).kind != "number" or self.expr(node.right).kind != "number":
                raise _Refused(
                    f"«{unparse(node)}»: phép «{node.operator}» chỉ dùng với số "
                    "(ví dụ «year - 1»); nối chữ bằng dấu «~»."
                )
            return NUMBER
        if isinstance(node, nodes.BinExpr):
            raise _Refused(
                f"«{unparse(node)}»: phép toán «{node.operator}» không được phép (mẫu chỉ cộng, "
                "trừ số)."
            )
        if isinstance(node, nodes.Call):
            raise _Refused(f"«{unparse(node)}» là lời gọi hàm; mẫu Word không được gọi hàm.")
        raise _Refused(f"biểu thức «{unparse(node)}» không được phép trong mẫu Word.")

    def member(self, node: nodes.Getattr | nodes.Getitem, key: Any) -> Type:
        base = self.expr(node.node)
        shown = unparse(node)
        if base.kind == "record":
            found = base.field_type(key) if isinstance(key, str) else None
            if found is None:
                fields = ", ".join(name for name, _ in base.fields)
                raise _Refused(f"«{shown}»: {base.label} không có «{key}»; chỉ có {fields}.")
            return found
        if base.kind == "loop":
            if key not in LOOP_ATTRS:
                raise _Refused(f"«{shown}»: dùng được loop.{', loop.'.join(LOOP_ATTRS)}.")
            return LOOP_ATTRS[key]
        if base.kind == "figures":
            if not isinstance(key, str) or isinstance(node, nodes.Getattr):
                raise _Refused(
                    f"«{shown}»: ghi mã chỉ tiêu trong ngoặc vuông và dấu nháy, ví dụ "
                    "figures['members.end']."
                )
            if self.codes is None:
                self.codes = _indicator_codes()
            if key not in self.codes:
                raise _Refused(
                    f"«{shown}»: không có chỉ tiêu mã «{key}» (xem danh mục chỉ tiêu ở trang "
                    "Số liệu)."
                )
            return TEXT
        if (
            base.kind == "list"
            and base.item is not None
            and isinstance(node, nodes.Getitem)
            and isinstance(key, int)
            and not isinstance(key, bool)
        ):
            return base.item
        raise _Refused(f"«{shown}»: không đọc được «{key}» của {base.label}.")

    def _const_args(self, node: nodes.Filter | nodes.Test, most: int) -> list[Type]:
        if node.kwargs or node.dyn_args is not None or node.dyn_kwargs is not None:
            raise _Refused(f"«{unparse(node)}»: «{node.name}» không nhận tham số đặt tên.")
        if len(node.args) > most:
            raise _Refused(f"«{unparse(node)}»: «{node.name}» nhận nhiều nhất {most} tham số.")
        kinds = []
        for arg in node.args:
            if not isinstance(arg, nodes.Const):
                raise _Refused(
                    f"«{unparse(node)}»: tham số của «{node.name}» phải là giá trị cố định "
                    "(chữ trong dấu nháy, số, true/false)."
                )
            kinds.append(self.expr(arg))
        return kinds

    def filter(self, node: nodes.Filter) -> Type:
        if node.name not in FILTER_NAMES:
            raise _Refused(
                f"bộ lọc «{node.name}» không được phép; dùng được: "
                f"{', '.join(sorted(FILTER_NAMES))}."
            )
        base = self.expr(node.node)
        wrong = _Refused(f"«{unparse(node)}»: bộ lọc «{node.name}» không dùng với {base.label}.")
        if node.name in ("upper", "lower", "capitalize", "title", "trim"):
            self._const_args(node, 0)
            if not base.scalar:
                raise wrong
            return TEXT
        if node.name == "default":
            args = self._const_args(node, 2)
            if not base.scalar or not all(a.scalar for a in args):
                raise wrong
            return base if args and args[0] == base else SCALAR
        if node.name in ("length", "count"):
            self._const_args(node, 0)
            if base.kind not in ("list", "text"):
                raise wrong
            return NUMBER
        if node.name in ("first", "last"):
            self._const_args(node, 0)
            if base.kind == "text":
                return TEXT
            if base.kind != "list" or base.item is None:
                raise wrong
            return base.item
        # join
        args = self._const_args(node, 1)
        if base.kind != "list" or base.item is None or not base.item.scalar:
            raise wrong
        if args and args[0].kind != "text":
            raise wrong
        return TEXT

    def test(self, node: nodes.Test) -> Type:
        if node.name not in TEST_NAMES:
            raise _Refused(
                f"phép thử «is {node.name}» không được phép; dùng được: "
                f"{', '.join(sorted(TEST_NAMES))}."
            )
        self._const_args(node, 0)
        base = self.expr(node.node)
        if node.name in ("even", "odd") and base.kind != "number":
            raise _Refused(f"«{unparse(node)}»: «{node.name}» chỉ dùng với số.")
        return FLAG


def check_tree(tree: nodes.Template, types: Mapping[str, Type] | None = None) -> None:
    """Refuse a parsed template that uses anything outside the documented allow-list.

    `types` are the placeholders the template may name (the annual report's by default).
    """
    _Checker(types).statements(tree.body)


# ---------------------------------------------------------------------------------------------
# The environments
# ---------------------------------------------------------------------------------------------


def _bounded_concat(parts: Iterable[str]) -> str:
    """Join what a template writes, refusing more than MAX_OUTPUT_CHARS."""
    out: list[str] = []
    size = 0
    for part in parts:
        size += len(part)
        if size > MAX_OUTPUT_CHARS:
            raise SecurityError(
                "Mẫu sinh ra văn bản quá lớn; hãy bớt vòng lặp lồng nhau trong mẫu."
            )
        out.append(part)
    return "".join(out)


class RuntimeSandbox(ImmutableSandboxedEnvironment):
    """The run-time layer: what a template can touch, even if it passed no check.

    No globals, only the allowed filters and tests, no Python attribute except a loop's
    counters (a field is a dictionary key), no call, only ``+`` and ``-`` on numbers, and
    a bounded output.
    """

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    concat = staticmethod(_bounded_concat)

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self.globals.clear()
        self.filters = {name: f for name, f in self.filters.items() if name in FILTER_NAMES}
        self.tests = {name: t for name, t in self.tests.items() if name in TEST_NAMES}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, LoopContext) and attr in LOOP_ATTRS

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, LoopContext) and attribute in LOOP_ATTRS:
            return getattr(obj, attribute)
        return self.getitem(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        # Fields are dictionary keys and list positions; nothing else of any object.
        if isinstance(obj, Mapping) and isinstance(argument, str) and argument in obj:
            return obj[argument]
        if isinstance(obj, list) and isinstance(argument, int) and -len(obj) <= argument < len(obj):
            return obj[argument]
        if isinstance(obj, Mapping | list):
            return self.undefined(obj=obj, name=argument)
        return self.undefined(
            f"«{argument}» của {type(obj).__name__} không được đọc trong mẫu Word",
            obj=obj,
            name=str(argument),
            exc=SecurityError,
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        raise SecurityError("mẫu Word không được gọi hàm")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        numbers = (int, float)
        if (
            operator in ("+", "-")
            and isinstance(left, numbers)
            and isinstance(right, numbers)
            and not isinstance(left, bool)
            and not isinstance(right, bool)
        ):
            return self.binop_table[operator](left, right)
        raise SecurityError(f"phép toán «{operator}» không được phép trong mẫu Word")


class ReportTemplateEnvironment(RuntimeSandbox):
    """The environment every report template is parsed and rendered in.

    Every source it parses (the body, headers, footers, footnotes and document properties
    that docxtpl hands it) is checked against the allow-list before it is compiled;
    `types` are the placeholders it may name (the annual report's unless given).
    """

    def __init__(self, types: Mapping[str, Type] | None = None) -> None:
        super().__init__()
        self.types = types

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        check_tree(tree, self.types)
        return tree


class Picture:
    """A chart for the template: it writes itself as a picture and exposes nothing else.

    docxtpl's `InlineImage` holds the whole document (`tpl`), whose methods save files; a
    template only ever sees this wrapper, whose one slot is private.
    """

    __slots__ = ("_image",)

    def __init__(self, image: Any) -> None:
        self._image = image

    def __html__(self) -> str:
        return str(self._image.__html__())

    __str__ = __html__
