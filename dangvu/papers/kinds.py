"""The kinds of paper an office produces for members, each with what it documents.

A kind says which member event it documents (the member's page offers the paper for each
such event), which series of the document register numbers it (None: a form, which is
not a numbered document), whether it is one paper per member or one list for many, and
the words of its default template (title, summary line, body paragraphs). The body is
Word text with placeholders, so an office sees in the default template exactly what it
may change.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangvu.members.kinds import DisciplineForm, EventKind


@dataclass(frozen=True)
class PaperKind:
    code: str
    name: str
    # The member events the paper documents; empty for the member's forms.
    events: tuple[str, ...]
    # The register's kind of document (office.models.DOCUMENT_KINDS), None when unnumbered.
    document_kind: str | None
    title: str
    summary: str
    body: tuple[str, ...]
    # One list of many members (the badge proposal list and its decision).
    is_list: bool = False
    # The official introduction paper has its stub (cuống) above a cut line.
    stub: bool = False
    # Only the DISCIPLINED events of this form call for it (expulsion).
    discipline_form: str = ""
    # The paper is a decision: "QUYẾT ĐỊNH", grounds (Căn cứ …), then articles.
    decision: bool = False

    def documents(self, kind: str, details: dict[str, object] | None) -> bool:
        """Whether a member event of `kind` with `details` calls for this paper."""
        if kind not in self.events:
            return False
        if self.discipline_form:
            return (details or {}).get("form") == self.discipline_form
        return True


_GROUNDS = (
    "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và Quy định thi hành Điều lệ Đảng;",
    "Xét đề nghị của {{ member.organisation }},",
)

KINDS: tuple[PaperKind, ...] = (
    PaperKind(
        "ADMISSION",
        "Quyết định kết nạp đảng viên",
        (EventKind.ADMITTED, EventKind.READMITTED),
        "QĐ",
        "QUYẾT ĐỊNH",
        "Về việc kết nạp đảng viên",
        (
            *_GROUNDS,
            "Điều 1. Kết nạp đồng chí {{ member.full_name }}, sinh ngày {{ member.birth_date }}, "
            "quê quán {{ member.hometown }}, vào Đảng Cộng sản Việt Nam. Thời gian dự bị 12 "
            "tháng, kể từ ngày chi bộ tổ chức lễ kết nạp.",
            "Điều 2. {{ member.organisation }} có trách nhiệm tổ chức lễ kết nạp, giáo dục, "
            "giúp đỡ đảng viên dự bị theo quy định.",
            "Điều 3. Các cơ quan liên quan, chi bộ và đồng chí có tên tại Điều 1 thi hành "
            "Quyết định này.",
        ),
        decision=True,
    ),
    PaperKind(
        "CONFIRMATION",
        "Quyết định công nhận đảng viên chính thức",
        (EventKind.CONFIRMED,),
        "QĐ",
        "QUYẾT ĐỊNH",
        "Về việc công nhận đảng viên chính thức",
        (
            *_GROUNDS,
            "Điều 1. Công nhận đồng chí {{ member.full_name }}, sinh ngày "
            "{{ member.birth_date }}, kết nạp vào Đảng ngày {{ member.admission_date }}, là "
            "đảng viên chính thức{% if member.full_member_date %} kể từ ngày "
            "{{ member.full_member_date }}{% endif %}.",
            "Điều 2. Các cơ quan liên quan, chi bộ và đồng chí có tên tại Điều 1 thi hành "
            "Quyết định này.",
        ),
        decision=True,
    ),
    PaperKind(
        "TRANSFER_OFFICIAL",
        "Giấy giới thiệu sinh hoạt đảng chính thức",
        (EventKind.TRANSFER_OUT,),
        "GGT",
        "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG",
        "(chính thức)",
        (
            "{{ issuing_body_name }} giới thiệu đồng chí {{ member.full_name }}, sinh ngày "
            "{{ member.birth_date }}, là {{ member.status }}, số thẻ đảng viên "
            "{{ member.card_number }}, vào Đảng ngày {{ member.admission_date }}, chính thức "
            "ngày {{ member.full_member_date }}.",
            "Đang sinh hoạt tại {{ event.from_organisation }}, nay chuyển đến sinh hoạt đảng "
            "chính thức tại {{ event.to_organisation }}.",
            "Đồng chí {{ member.full_name }} đã đóng đảng phí đến hết tháng "
            "{{ event.dues_paid_to }}.{% if event.dues_owed %} Còn nợ đảng phí các tháng "
            "{{ event.dues_owed }}.{% endif %}",
            "Đề nghị {{ event.to_organisation }} tiếp nhận, quản lý và tổ chức sinh hoạt cho "
            "đồng chí; đảng viên phải đến đăng ký sinh hoạt trong vòng 30 ngày làm việc kể "
            "từ ngày ký giấy giới thiệu.",
        ),
        stub=True,
    ),
    PaperKind(
        "TRANSFER_TEMPORARY",
        "Giấy giới thiệu sinh hoạt đảng tạm thời",
        (EventKind.TEMP_OUT, EventKind.TEMP_IN),
        "GGT",
        "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG",
        "(tạm thời)",
        (
            "{{ issuing_body_name }} giới thiệu đồng chí {{ member.full_name }}, sinh ngày "
            "{{ member.birth_date }}, là {{ member.status }}, đang sinh hoạt tại "
            "{{ member.organisation }}.",
            "Đến sinh hoạt đảng tạm thời tại {{ event.to_organisation }} từ ngày "
            "{{ event.date }}{% if event.until %} đến ngày {{ event.until }}{% endif %}.",
            "Đề nghị {{ event.to_organisation }} tiếp nhận, quản lý, tổ chức sinh hoạt và "
            "nhận xét đảng viên trong thời gian sinh hoạt tạm thời.",
        ),
    ),
    PaperKind(
        "TRANSFER_INTERNAL",
        "Giấy giới thiệu chuyển sinh hoạt đảng trong Đảng bộ",
        (EventKind.MOVED,),
        "GGT",
        "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG",
        "(trong Đảng bộ)",
        (
            "{{ issuing_body_name }} giới thiệu đồng chí {{ member.full_name }}, sinh ngày "
            "{{ member.birth_date }}, là {{ member.status }}, số thẻ đảng viên "
            "{{ member.card_number }}.",
            "Đang sinh hoạt tại {{ event.from_organisation }}, nay chuyển đến sinh hoạt tại "
            "{{ event.to_organisation }} kể từ ngày {{ event.date }}.",
            "Đề nghị {{ event.to_organisation }} tiếp nhận, quản lý và tổ chức sinh hoạt cho "
            "đồng chí.",
        ),
    ),
    PaperKind(
        "REMOVAL",
        "Quyết định xóa tên đảng viên",
        (EventKind.REMOVED,),
        "QĐ",
        "QUYẾT ĐỊNH",
        "Về việc xóa tên đảng viên",
        (
            *_GROUNDS,
            "Điều 1. Xóa tên đồng chí {{ member.full_name }}, sinh ngày {{ member.birth_date }}, "
            "đảng viên {{ member.organisation }}, trong danh sách đảng viên{% if event.reason %}"
            " (lý do: {{ event.reason }}){% endif %}.",
            "Điều 2. Các cơ quan liên quan, chi bộ và đồng chí có tên tại Điều 1 thi hành "
            "Quyết định này.",
        ),
        decision=True,
    ),
    PaperKind(
        "RESIGNATION",
        "Quyết định cho ra khỏi Đảng",
        (EventKind.RESIGNED,),
        "QĐ",
        "QUYẾT ĐỊNH",
        "Về việc cho đảng viên ra khỏi Đảng",
        (
            *_GROUNDS,
            "Điều 1. Đồng ý để đồng chí {{ member.full_name }}, sinh ngày "
            "{{ member.birth_date }}, đảng viên {{ member.organisation }}, ra khỏi Đảng"
            "{% if event.reason %} (lý do: {{ event.reason }}){% endif %}.",
            "Điều 2. Các cơ quan liên quan, chi bộ và đồng chí có tên tại Điều 1 thi hành "
            "Quyết định này.",
        ),
        decision=True,
    ),
    PaperKind(
        "EXPULSION",
        "Quyết định khai trừ đảng viên",
        (EventKind.DISCIPLINED,),
        "QĐ",
        "QUYẾT ĐỊNH",
        "Về việc thi hành kỷ luật đảng viên",
        (
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và Quy định về xử lý kỷ luật đảng viên vi phạm;",
            "Xét đề nghị của Ủy ban Kiểm tra,",
            "Điều 1. Thi hành kỷ luật bằng hình thức khai trừ ra khỏi Đảng đối với đồng chí "
            "{{ member.full_name }}, sinh ngày {{ member.birth_date }}, đảng viên "
            "{{ member.organisation }}{% if event.reason %} (vi phạm: {{ event.reason }})"
            "{% endif %}.",
            "Điều 2. Các cơ quan liên quan, chi bộ và đồng chí có tên tại Điều 1 thi hành "
            "Quyết định này.",
        ),
        discipline_form=DisciplineForm.EXPULSION,
        decision=True,
    ),
    PaperKind(
        "FORM_2",
        "Phiếu đảng viên (mẫu 2-HSĐV)",
        (),
        None,
        "PHIẾU ĐẢNG VIÊN",
        "Mẫu 2-HSĐV",
        (),
    ),
    PaperKind(
        "FORM_3",
        "Phiếu bổ sung hồ sơ đảng viên (mẫu 3-HSĐV)",
        (),
        None,
        "PHIẾU BỔ SUNG HỒ SƠ ĐẢNG VIÊN",
        "Mẫu 3-HSĐV, năm {{ year }}",
        (),
    ),
    PaperKind(
        "BADGE_LIST",
        "Danh sách đề nghị tặng Huy hiệu Đảng",
        (EventKind.BADGE_PROPOSED,),
        "TTr",
        "DANH SÁCH",
        "Đảng viên đề nghị tặng Huy hiệu Đảng đợt {{ occasion }}",
        (),
        is_list=True,
    ),
    PaperKind(
        "BADGE_AWARD",
        "Quyết định tặng Huy hiệu Đảng",
        (EventKind.BADGE_AWARDED,),
        "QĐ",
        "QUYẾT ĐỊNH",
        "Về việc tặng Huy hiệu Đảng",
        (
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và Quy định về Huy hiệu Đảng;",
            "Xét đề nghị của các tổ chức đảng trực thuộc,",
            "Điều 1. Tặng Huy hiệu Đảng cho {{ members|length }} đồng chí đảng viên có tên "
            "trong danh sách kèm theo, đợt {{ occasion }}.",
            "Điều 2. Các cơ quan liên quan, các tổ chức đảng và các đồng chí có tên trong "
            "danh sách thi hành Quyết định này.",
        ),
        is_list=True,
        decision=True,
    ),
)
BY_CODE = {k.code: k for k in KINDS}
CHOICES = [(k.code, k.name) for k in KINDS]


def kind(code: str) -> PaperKind:
    """The paper kind `code`; KeyError for an unknown one (views answer 404)."""
    return BY_CODE[code]


def papers_for_event(event_kind: str, details: dict[str, object] | None) -> list[PaperKind]:
    """The papers a member event calls for (a member's page offers them)."""
    return [k for k in KINDS if k.documents(event_kind, details)]
